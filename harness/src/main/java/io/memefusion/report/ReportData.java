package io.memefusion.report;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.eval.ConfusionCounts;
import io.memefusion.eval.Curves;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.results.SweepResults;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Everything a report shows, read once from the database (see {@link ReportLoader}). */
public record ReportData(
    ReportDao.SweepRow sweep,
    Optional<ReportDao.DatasetRow> dataset,
    List<ReportDao.DatasetSplitRow> datasetSplits,
    List<ReportDao.FeatureSetRow> featureSets,
    List<ReportDao.TrialCountRow> trialCounts,
    Map<String, Double> trialSeconds,
    SweepResults results,
    SweepAnalysisResult analysis,
    List<SplitCurves> curves,
    List<EpochCurve> epochs,
    OffsetDateTime generatedAt) {
  public ReportData {
    Objects.requireNonNull(sweep, "sweep");
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(analysis, "analysis");
    datasetSplits = List.copyOf(datasetSplits);
    featureSets = List.copyOf(featureSets);
    trialCounts = List.copyOf(trialCounts);
    trialSeconds = Map.copyOf(trialSeconds);
    curves = List.copyOf(curves);
    epochs = List.copyOf(epochs);
  }

  /** The curves of one labeled split: one representative seed per model. */
  public record SplitCurves(String split, List<ModelCurves> models) {
    public SplitCurves {
      models = List.copyOf(models);
    }
  }

  /**
   * ROC and precision–recall curve and confusion matrix of one trial (the seed whose AUROC is the
   * median of the chosen configuration's seeds) at its {@code rule}'s threshold.
   */
  public record ModelCurves(
      String model,
      long trialId,
      int seed,
      double auroc,
      List<Curves.Point> roc,
      List<Curves.Point> pr,
      ThresholdRule rule,
      double threshold,
      ConfusionCounts confusion) {
    public ModelCurves {
      roc = List.copyOf(roc);
      pr = List.copyOf(pr);
    }
  }

  /** Dev AUROC per epoch, mean over the chosen configuration's seeds. */
  public record EpochCurve(String model, List<Curves.Point> points) {
    public EpochCurve {
      points = List.copyOf(points);
    }
  }
}
