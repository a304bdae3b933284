package io.memefusion.results;

import io.memefusion.eval.Interval;
import io.memefusion.eval.Metric;
import io.memefusion.eval.PairedDifference;
import java.util.Map;
import java.util.Objects;

/**
 * The seed ensemble of a chosen configuration on one split under one threshold rule: the per-meme
 * probabilities of its seeds averaged and scored as one model (see {@link EnsembleScorer}).
 *
 * @param seeds the table's row of the seeds it averages: model, configuration, trials
 * @param memes the memes every seed scored, the ones averaged and scored
 * @param threshold predicted hateful iff averaged probability ≥ threshold (a float32 value)
 * @param metrics accuracy, precision, recall, F1 at the threshold and AUROC (absent with one class)
 * @param auroc bootstrap interval of the ensemble's AUROC; null when AUROC is undefined
 * @param gain ensemble AUROC minus the seeds' mean AUROC on the same resampled memes; null when
 *     undefined
 */
public record EnsembleRow(
    ModelRow seeds,
    int memes,
    double threshold,
    Map<Metric, Double> metrics,
    Interval auroc,
    PairedDifference gain) {
  public EnsembleRow {
    Objects.requireNonNull(seeds, "seeds");
    if (seeds.trialIds().size() < 2) {
      throw new IllegalArgumentException(
          "a seed ensemble needs at least 2 seeds, got " + seeds.trialIds().size());
    }
    if (memes < 1) {
      throw new IllegalArgumentException("a seed ensemble needs scored memes, got " + memes);
    }
    metrics = Map.copyOf(metrics);
  }

  public String model() {
    return seeds.model();
  }

  public int seedCount() {
    return seeds.trialIds().size();
  }

  /** How every table names the row, e.g. {@code early_fusion — seed ensemble (5 seeds)}. */
  public String label() {
    return label(model());
  }

  /** {@link #label()} with the model named as the caller names it (e.g. "Early fusion"). */
  public String label(String modelName) {
    return modelName + " — seed ensemble (" + seedCount() + " seeds)";
  }

  /** The metric's value, NaN when undefined. */
  public double value(Metric metric) {
    Double v = metrics.get(metric);
    return v == null ? Double.NaN : v;
  }
}
