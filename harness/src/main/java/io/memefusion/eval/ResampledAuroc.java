package io.memefusion.eval;

import java.util.Arrays;

/**
 * {@link Auroc} on bootstrap resamples: the memes are sorted once, and each resample, given as a
 * multiplicity per meme, is scored in one pass (the same Mann–Whitney statistic, a drawn meme
 * counting as often as it was drawn). Saves a sort per resample and seed.
 */
final class ResampledAuroc {
  private ResampledAuroc() {}

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
