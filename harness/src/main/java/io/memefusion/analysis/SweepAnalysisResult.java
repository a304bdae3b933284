package io.memefusion.analysis;

import io.memefusion.eval.Calibration;
import io.memefusion.eval.Confounders;
import io.memefusion.eval.Interval;
import io.memefusion.eval.PairedDifference;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.features.Modality;
import io.memefusion.results.MeanStd;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The analysis of one sweep for the configuration of each model chosen on dev: what the report, the
 * exports and the dashboard show beside the mean ± std tables. {@code chosenTrials} maps each model
 * (text, image, early_fusion, late_fusion) to the trials (one per seed) analysed.
 */
public record SweepAnalysisResult(
    long sweepId,
    AnalysisSettings settings,
    Map<String, List<Long>> chosenTrials,
    List<SplitSummary> splits,
    List<MetricCi> cis,
    List<PairedComparison> paired,
    List<CalibrationSummary> calibration,
    List<RelianceSummary> reliance,
    List<ConfounderGroups> confounderGroups,
    List<ConfounderAccuracy> confounders,
    List<String> notes) {
  public SweepAnalysisResult {
    Objects.requireNonNull(settings, "settings");
    chosenTrials = Collections.unmodifiableMap(new LinkedHashMap<>(chosenTrials));
    splits = List.copyOf(splits);
    cis = List.copyOf(cis);
    paired = List.copyOf(paired);
    calibration = List.copyOf(calibration);
    reliance = List.copyOf(reliance);
    confounderGroups = List.copyOf(confounderGroups);
    confounders = List.copyOf(confounders);
    notes = List.copyOf(notes);
  }

  /** A split the chosen trials were scored on; unlabeled splits get predictions only. */
  public record SplitSummary(String name, int memes, int positives, boolean labeled) {}

  /**
   * A metric's bootstrap interval for a model on a split; {@code rule} is empty for AUROC, which
   * does not depend on a threshold.
   */
  public record MetricCi(
      String model,
      String split,
      String metric,
      Optional<ThresholdRule> rule,
      String configKey,
      int seeds,
      int n,
      Interval interval) {}

  /** {@code modelA} minus {@code modelB} on the same resampled memes. */
  public record PairedComparison(
      String split, String modelA, String modelB, String metric, int n, PairedDifference result) {}

  /** ECE over seeds and the reliability diagram of all seeds' predictions pooled. */
  public record CalibrationSummary(
      String model,
      String split,
      int seeds,
      int n,
      MeanStd ece,
      double ecePooled,
      List<Calibration.Bin> bins) {
    public CalibrationSummary {
      bins = List.copyOf(bins);
    }
  }

  /** AUROC drop when one modality is shuffled, as mean ± std over the chosen trials' seeds. */
  public record RelianceSummary(
      String model, String split, Modality modality, MeanStd baseAuroc, MeanStd drop) {}

  /** The confounder groups of a split, and how many memes had no readable image to hash. */
  public record ConfounderGroups(String split, List<Confounders.Group> groups, int missingImages) {
    public ConfounderGroups {
      groups = List.copyOf(groups);
    }

    public long count(Confounders.Kind kind) {
      return groups.stream().filter(g -> g.kind() == kind).count();
    }
  }

  /**
   * A model's accuracy on the memes of confounder groups ({@code kind} text, image or any) and on
   * the whole split, both over seeds, at one threshold rule.
   */
  public record ConfounderAccuracy(
      String model,
      String split,
      String kind,
      ThresholdRule rule,
      int groups,
      int memes,
      MeanStd accuracy,
      MeanStd overall) {}

  /**
   * This analysis without any result on {@code split} (e.g. the train hold-out, for the report).
   */
  public SweepAnalysisResult without(String split) {
    return new SweepAnalysisResult(
        sweepId,
        settings,
        chosenTrials,
        splits.stream().filter(s -> !s.name().equals(split)).toList(),
        cis.stream().filter(c -> !c.split().equals(split)).toList(),
        paired.stream().filter(p -> !p.split().equals(split)).toList(),
        calibration.stream().filter(c -> !c.split().equals(split)).toList(),
        reliance.stream().filter(r -> !r.split().equals(split)).toList(),
        confounderGroups.stream().filter(g -> !g.split().equals(split)).toList(),
        confounders.stream().filter(c -> !c.split().equals(split)).toList(),
        notes);
  }

  public Optional<MetricCi> ci(String model, String split, String metric, ThresholdRule rule) {
    return cis.stream()
        .filter(
            c ->
                c.model().equals(model)
                    && c.split().equals(split)
                    && c.metric().equals(metric)
                    && c.rule().equals(Optional.ofNullable(rule)))
        .findFirst();
  }

  public Optional<PairedComparison> paired(String split, String modelA, String modelB) {
    return paired.stream()
        .filter(
            p -> p.split().equals(split) && p.modelA().equals(modelA) && p.modelB().equals(modelB))
        .findFirst();
  }

  public Optional<SplitSummary> split(String name) {
    return splits.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
