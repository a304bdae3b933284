package io.memefusion.report;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.db.DatasetDao;
import io.memefusion.db.FeatureSetRow;
import io.memefusion.db.TrialDao;
import io.memefusion.eval.ConfusionCounts;
import io.memefusion.eval.Curves;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.results.SweepResults;
import io.memefusion.sweep.StoredSweep;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Everything a report shows, read once from the database (see {@link ReportLoader}). */
public record ReportData(
    StoredSweep sweep,
    Optional<DatasetDao.DatasetRow> dataset,
    List<DatasetDao.SplitRow> datasetSplits,
    List<FeatureSetRow> featureSets,
    List<TrialDao.ModelStatusCount> trialCounts,
    Map<String, Double> trialSeconds,
    SweepResults results,
    SweepAnalysisResult analysis,
    List<SplitCurves> curves,
    List<EpochCurve> epochs,
    OffsetDateTime generatedAt) {
  /** Use {@link #builder()}: eleven positional fields are easy to get wrong. */
  public ReportData {
    Objects.requireNonNull(sweep, "sweep");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(analysis, "analysis");
    datasetSplits = List.copyOf(datasetSplits);
    featureSets = List.copyOf(featureSets);
    trialCounts = List.copyOf(trialCounts);
    // sorted by stage name: Map.copyOf's iteration order changes from one JVM run to the next
    trialSeconds = Collections.unmodifiableMap(new TreeMap<>(trialSeconds));
    curves = List.copyOf(curves);
    epochs = List.copyOf(epochs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Named fields for a {@link ReportData}; lists not set are empty, the dataset absent. */
  public static final class Builder {
    private StoredSweep sweep;
    private Optional<DatasetDao.DatasetRow> dataset = Optional.empty();
    private List<DatasetDao.SplitRow> datasetSplits = List.of();
    private List<FeatureSetRow> featureSets = List.of();
    private List<TrialDao.ModelStatusCount> trialCounts = List.of();
    private Map<String, Double> trialSeconds = Map.of();
    private SweepResults results;
    private SweepAnalysisResult analysis;
    private List<SplitCurves> curves = List.of();
    private List<EpochCurve> epochs = List.of();
    private OffsetDateTime generatedAt;

    private Builder() {}

    public Builder sweep(StoredSweep sweep) {
      this.sweep = sweep;
      return this;
    }

    public Builder dataset(Optional<DatasetDao.DatasetRow> dataset) {
      this.dataset = dataset;
      return this;
    }

    public Builder datasetSplits(List<DatasetDao.SplitRow> datasetSplits) {
      this.datasetSplits = datasetSplits;
      return this;
    }

    public Builder featureSets(List<FeatureSetRow> featureSets) {
      this.featureSets = featureSets;
      return this;
    }

    public Builder trialCounts(List<TrialDao.ModelStatusCount> trialCounts) {
      this.trialCounts = trialCounts;
      return this;
    }

    public Builder trialSeconds(Map<String, Double> trialSeconds) {
      this.trialSeconds = trialSeconds;
      return this;
    }

    public Builder results(SweepResults results) {
      this.results = results;
      return this;
    }

    public Builder analysis(SweepAnalysisResult analysis) {
      this.analysis = analysis;
      return this;
    }

    public Builder curves(List<SplitCurves> curves) {
      this.curves = curves;
      return this;
    }

    public Builder epochs(List<EpochCurve> epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder generatedAt(OffsetDateTime generatedAt) {
      this.generatedAt = generatedAt;
      return this;
    }

    public ReportData build() {
      return new ReportData(
          sweep,
          dataset,
          datasetSplits,
          featureSets,
          trialCounts,
          trialSeconds,
          results,
          analysis,
          curves,
          epochs,
          generatedAt);
    }
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
