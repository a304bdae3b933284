package io.memefusion.eval;

/**
 * A number computed from 0/1 labels and per-meme values (probabilities for AUROC, 0/1 hits for
 * accuracy). The bootstrap recomputes it on resampled memes.
 */
@FunctionalInterface
public interface Statistic {
  double of(int[] labels, double[] values);

  /** Area under the ROC curve of {@code values} as scores; NaN when a class is missing. */
  static Statistic auroc() {
    return RankAuroc::auroc;
  }

  /** The mean of {@code values}: accuracy when the values are 0/1 hits. */
  static Statistic mean() {
    return (labels, values) -> {
      double sum = 0;
      for (double v : values) {
        sum += v;
      }
      return values.length == 0 ? Double.NaN : sum / values.length;
    };
  }
}
