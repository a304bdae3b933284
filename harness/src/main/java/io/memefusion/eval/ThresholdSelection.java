package io.memefusion.eval;

import java.util.Arrays;

/**
 * The decision threshold that maximises F1 on a labeled slice (the train hold-out of {@link
 * ThresholdRule#TRAIN_HOLDOUT}). Candidates are the slice's own scores (predict hateful iff P ≥ t);
 * among thresholds with equal best F1 the highest wins, i.e. the fewest memes flagged.
 */
public final class ThresholdSelection {
  private ThresholdSelection() {}

  /** A chosen threshold and the F1 it reaches on the slice it was chosen on. */
  public record Choice(double threshold, double f1) {}

  public static Choice bestF1(float[] proba, int[] labels) {
    if (proba.length != labels.length) {
      throw new IllegalArgumentException(
          proba.length + " predictions for " + labels.length + " labels");
    }
    int positives = 0;
    for (int y : labels) {
      positives += y;
    }
    if (positives == 0) {
      throw new IllegalArgumentException(
          "cannot choose an F1 threshold on a slice without hateful memes ("
              + labels.length
              + " rows)");
    }
    Integer[] order = new Integer[proba.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(proba[b], proba[a])); // descending
    int tp = 0;
    int fp = 0;
    double bestF1 = -1;
    double bestThreshold = Double.NaN;
    for (int i = 0; i < order.length; ) {
      float score = proba[order[i]];
      // lowering the threshold to this score flags every row that has it
      while (i < order.length && proba[order[i]] == score) {
        if (labels[order[i]] == 1) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      double f1 = 2.0 * tp / (2.0 * tp + fp + (positives - tp));
      if (f1 > bestF1) {
        bestF1 = f1;
        bestThreshold = score;
      }
    }
    return new Choice(bestThreshold, bestF1);
  }
}
