package io.memefusion.eval;

/** The 2x2 confusion matrix at a threshold (probability >= threshold means hateful). */
public record ConfusionCounts(
    int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {
  public ConfusionCounts {
    if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException("confusion counts must be >= 0");
    }
  }

  public static ConfusionCounts at(int[] labels, double[] probas, double threshold) {
    int tp = 0;
    int fp = 0;
    int tn = 0;
    int fn = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean predicted = probas[i] >= threshold;
      if (labels[i] == 1) {
        if (predicted) {
          tp++;
        } else {
          fn++;
        }
      } else if (predicted) {
        fp++;
      } else {
        tn++;
      }
    }
    return new ConfusionCounts(tp, fp, tn, fn);
  }

  /** Per meme 1 when the thresholded prediction equals the label, else 0: accuracy's terms. */
  public static double[] hits(int[] labels, double[] probas, double threshold) {
    double[] hits = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      hits[i] = (probas[i] >= threshold ? 1 : 0) == labels[i] ? 1 : 0;
    }
    return hits;
  }

  public int total() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  public double accuracy() {
    return total() == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / total();
  }
}
