package io.memefusion.eval;

import java.util.Arrays;

/**
 * AUROC as the Mann–Whitney statistic with ties counting one half: the probability that a random
 * hateful meme scores above a random non-hateful one.
 */
final class RankAuroc {
  private RankAuroc() {}

  static double auroc(int[] labels, double[] scores) {
    int[] ones = new int[labels.length];
    Arrays.fill(ones, 1);
    return prepare(labels, scores).of(ones);
  }

  /**
   * Sorts once; each resample (a multiplicity per meme) is then scored in one pass over the tie
   * blocks, counting hateful-above-not pairs.
   */
  static Statistic.Resampled prepare(int[] labels, double[] scores) {
    int n = labels.length;
    if (scores.length != n) {
      throw new IllegalArgumentException(n + " labels but " + scores.length + " scores");
    }
    Integer[] boxed = new Integer[n];
    Arrays.setAll(boxed, i -> i);
    Arrays.sort(boxed, (a, b) -> Double.compare(scores[a], scores[b]));
    int[] order = new int[n];
    boolean[] positive = new boolean[n];
    // blockEnd[k]: true when sorted position k closes a block of equal scores
    boolean[] blockEnd = new boolean[n];
    for (int k = 0; k < n; k++) {
      order[k] = boxed[k];
      positive[k] = labels[order[k]] == 1;
      blockEnd[k] = k == n - 1 || scores[boxed[k + 1]] != scores[boxed[k]];
    }
    return counts -> {
      double pairs = 0;
      double negativesBelow = 0;
      double positives = 0;
      double blockPos = 0;
      double blockNeg = 0;
      for (int k = 0; k < n; k++) {
        int c = counts[order[k]];
        if (positive[k]) {
          blockPos += c;
        } else {
          blockNeg += c;
        }
        if (blockEnd[k]) {
          pairs += blockPos * (negativesBelow + blockNeg / 2);
          negativesBelow += blockNeg;
          positives += blockPos;
          blockPos = 0;
          blockNeg = 0;
        }
      }
      if (positives == 0 || negativesBelow == 0) {
        return Double.NaN;
      }
      return pairs / (positives * negativesBelow);
    };
  }
}
