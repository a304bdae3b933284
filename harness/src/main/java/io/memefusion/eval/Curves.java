package io.memefusion.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** ROC and precision–recall curves of probabilities against 0/1 labels (hateful positive). */
public final class Curves {
  private Curves() {}

  /** A point of a curve: ROC (false positive rate, true positive rate), PR (recall, precision). */
  public record Point(double x, double y) {}

  /** The ROC curve from (0, 0) to (1, 1), one point per distinct score. */
  public static List<Point> roc(int[] labels, double[] probas) {
    Sweep s = new Sweep(labels, probas);
    List<Point> points = new ArrayList<>();
    points.add(new Point(0, 0));
    for (int k = 0; k < s.cuts; k++) {
      points.add(
          new Point(
              s.negatives == 0 ? 0 : (double) s.fp[k] / s.negatives,
              s.positives == 0 ? 0 : (double) s.tp[k] / s.positives));
    }
    return points;
  }

  /**
   * The precision–recall curve, one point per distinct score, starting at recall 0 with the
   * precision of the highest-scored block.
   */
  public static List<Point> precisionRecall(int[] labels, double[] probas) {
    Sweep s = new Sweep(labels, probas);
    List<Point> points = new ArrayList<>();
    if (s.positives == 0 || s.cuts == 0) {
      return points;
    }
    points.add(new Point(0, (double) s.tp[0] / (s.tp[0] + s.fp[0])));
    for (int k = 0; k < s.cuts; k++) {
      points.add(new Point((double) s.tp[k] / s.positives, (double) s.tp[k] / (s.tp[k] + s.fp[k])));
    }
    return points;
  }

  /** Cumulative true/false positives when the threshold sweeps down through each tie block. */
  private static final class Sweep {
    final int positives;
    final int negatives;
    final int[] tp;
    final int[] fp;
    final int cuts;

    Sweep(int[] labels, double[] probas) {
      int n = labels.length;
      if (probas.length != n) {
        throw new IllegalArgumentException(n + " labels but " + probas.length + " probabilities");
      }
      Integer[] order = new Integer[n];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> Double.compare(probas[b], probas[a]));
      tp = new int[n];
      fp = new int[n];
      int p = 0;
      int f = 0;
      int c = 0;
      for (int i = 0; i < n; i++) {
        if (labels[order[i]] == 1) {
          p++;
        } else {
          f++;
        }
        boolean lastOfBlock = i == n - 1 || probas[order[i + 1]] != probas[order[i]];
        if (lastOfBlock) {
          tp[c] = p;
          fp[c] = f;
          c++;
        }
      }
      positives = p;
      negatives = f;
      cuts = c;
    }
  }
}
