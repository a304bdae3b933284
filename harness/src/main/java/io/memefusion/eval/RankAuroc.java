package io.memefusion.eval;

import java.util.Arrays;

/**
 * AUROC as the Mann–Whitney statistic with mid-ranks for ties: the probability that a random
 * hateful meme scores above a random non-hateful one (ties count one half).
 */
final class RankAuroc {
  private RankAuroc() {}

  static double auroc(int[] labels, double[] scores) {
    int n = labels.length;
    if (scores.length != n) {
      throw new IllegalArgumentException(n + " labels but " + scores.length + " scores");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    long positives = 0;
    double positiveRankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // 1-based mid-rank of the tie block [i, j]
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          positives++;
          positiveRankSum += midRank;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
