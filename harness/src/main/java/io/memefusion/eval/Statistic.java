package io.memefusion.eval;

import java.util.Arrays;

/**
 * A number computed from 0/1 labels and per-meme values (probabilities for AUROC, 0/1 hits for
 * accuracy). The bootstrap recomputes it on resampled memes, given as a multiplicity per meme.
 */
@FunctionalInterface
public interface Statistic {
  double of(int[] labels, double[] values);

  /**
   * The statistic prepared for many resamples of the same memes. The default materialises each
   * resample; AUROC and the mean override it to run in O(n) without sorting again.
   */
  default Resampled prepare(int[] labels, double[] values) {
    return counts -> {
      int total = Arrays.stream(counts).sum();
      int[] l = new int[total];
      double[] v = new double[total];
      int k = 0;
      for (int i = 0; i < counts.length; i++) {
        for (int c = 0; c < counts[i]; c++) {
          l[k] = labels[i];
          v[k++] = values[i];
        }
      }
      return of(l, v);
    };
  }

  /** A statistic evaluated on resamples: {@code counts[i]} is how often meme i was drawn. */
  @FunctionalInterface
  interface Resampled {
    double of(int[] counts);
  }

  /** Area under the ROC curve of {@code values} as scores; NaN when a class is missing. */
  static Statistic auroc() {
    return new Statistic() {
      @Override
      public double of(int[] labels, double[] values) {
        return Auroc.of(values, labels).orElse(Double.NaN);
      }

      @Override
      public Resampled prepare(int[] labels, double[] values) {
        return ResampledAuroc.prepare(labels, values);
      }
    };
  }

  /** The mean of {@code values}: accuracy when the values are 0/1 hits. */
  static Statistic mean() {
    return new Statistic() {
      @Override
      public double of(int[] labels, double[] values) {
        double sum = 0;
        for (double v : values) {
          sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
      }

      @Override
      public Resampled prepare(int[] labels, double[] values) {
        return counts -> {
          double sum = 0;
          long total = 0;
          for (int i = 0; i < counts.length; i++) {
            sum += counts[i] * values[i];
            total += counts[i];
          }
          return total == 0 ? Double.NaN : sum / total;
        };
      }
    };
  }
}
