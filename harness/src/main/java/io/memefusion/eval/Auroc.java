package io.memefusion.eval;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Area under the ROC curve, hateful positive, as the Mann–Whitney statistic: the share of (hateful,
 * non-hateful) pairs the scores order correctly, a tied pair counting 1/2. This equals the rank
 * definition (U from mid-ranks of tied scores) and the trapezoidal ROC area.
 */
public final class Auroc {
  private Auroc() {}

  /** Empty when a class is absent (AUROC is undefined then: no pairs to order). */
  public static OptionalDouble of(float[] scores, int[] labels) {
    double[] s = new double[scores.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores[i];
    }
    return of(s, labels);
  }

  /** Empty when a class is absent (AUROC is undefined then: no pairs to order). */
  public static OptionalDouble of(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          scores.length + " scores for " + labels.length + " labels");
    }
    int n = scores.length;
    Integer[] order = new Integer[n];
    long positives = 0;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " at row " + i + ", expected 0/1");
      }
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score at row " + i + " is NaN");
      }
      positives += labels[i];
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return OptionalDouble.empty();
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    // sum of the 1-based mid-ranks of the positives; ties share the mean of their ranks
    double positiveRankSum = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + 1 + j + 1) / 2.0;
      for (int k = i; k <= j; k++) {
        positiveRankSum += labels[order[k]] * midRank;
      }
      i = j + 1;
    }
    double u = positiveRankSum - positives * (positives + 1) / 2.0;
    return OptionalDouble.of(u / ((double) positives * negatives));
  }
}
