package io.memefusion.eval;

/**
 * Confusion counts of thresholded predictions (hateful = positive; predicted hateful iff P(hateful)
 * ≥ threshold) and the metrics from them. A ratio whose denominator is 0 is defined as 0: precision
 * with nothing predicted hateful, recall with no hateful meme, F1 when there is no hateful meme and
 * none is predicted (as scikit-learn's {@code zero_division=0}).
 */
public record BinaryMetrics(double threshold, int tp, int fp, int tn, int fn) {
  public BinaryMetrics {
    if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
      throw new IllegalArgumentException(
          "negative count in tp=" + tp + " fp=" + fp + " tn=" + tn + " fn=" + fn);
    }
  }

  /** Counts for {@code proba} against {@code labels} (0/1) at {@code threshold}. */
  public static BinaryMetrics at(float[] proba, int[] labels, double threshold) {
    if (proba.length != labels.length) {
      throw new IllegalArgumentException(
          proba.length + " predictions for " + labels.length + " labels");
    }
    int tp = 0;
    int fp = 0;
    int tn = 0;
    int fn = 0;
    for (int i = 0; i < proba.length; i++) {
      boolean predicted = proba[i] >= threshold;
      if (labels[i] == 1) {
        if (predicted) {
          tp++;
        } else {
          fn++;
        }
      } else if (labels[i] == 0) {
        if (predicted) {
          fp++;
        } else {
          tn++;
        }
      } else {
        throw new IllegalArgumentException(
            "label " + labels[i] + " at row " + i + ", expected 0/1");
      }
    }
    return new BinaryMetrics(threshold, tp, fp, tn, fn);
  }

  public int n() {
    return tp + fp + tn + fn;
  }

  /** (tp + tn) / n; 0 for no rows. */
  public double accuracy() {
    return ratio(tp + tn, n());
  }

  public double precision() {
    return ratio(tp, tp + fp);
  }

  public double recall() {
    return ratio(tp, tp + fn);
  }

  /** 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall. */
  public double f1() {
    return ratio(2 * tp, 2 * tp + fp + fn);
  }

  /** The value of a thresholded metric; AUROC is not one (see {@link Auroc}). */
  public double value(Metric metric) {
    switch (metric) {
      case ACCURACY:
        return accuracy();
      case PRECISION:
        return precision();
      case RECALL:
        return recall();
      case F1:
        return f1();
      default:
        throw new IllegalArgumentException(metric.column() + " is not a thresholded metric");
    }
  }

  private static double ratio(int num, int den) {
    return den == 0 ? 0 : (double) num / den;
  }
}
