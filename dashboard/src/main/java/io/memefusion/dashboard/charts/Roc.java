package io.memefusion.dashboard.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** ROC curves from stored probabilities, and their vertical average over seeds. */
public final class Roc {
  private Roc() {}

  /**
   * The ROC curve of scores against 0/1 labels as (FPR, TPR) points from (0,0) to (1,1); memes with
   * equal scores move the curve in one diagonal step. Empty when a class is missing.
   */
  public static List<double[]> curve(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          scores.length + " scores for " + labels.length + " labels");
    }
    int pos = 0;
    for (int l : labels) {
      pos += l;
    }
    int neg = labels.length - pos;
    if (pos == 0 || neg == 0) {
      return List.of();
    }
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {0, 0});
    int tp = 0;
    int fp = 0;
    for (int k = 0; k < order.length; k++) {
      if (labels[order[k]] == 1) {
        tp++;
      } else {
        fp++;
      }
      boolean lastOfTie = k + 1 == order.length || scores[order[k + 1]] != scores[order[k]];
      if (lastOfTie) {
        points.add(new double[] {(double) fp / neg, (double) tp / pos});
      }
    }
    return points;
  }

  /** Area under a curve by the trapezoid rule (equals the Mann-Whitney AUROC, ties as 1/2). */
  public static double area(List<double[]> curve) {
    double a = 0;
    for (int i = 1; i < curve.size(); i++) {
      double[] p = curve.get(i - 1);
      double[] q = curve.get(i);
      a += (q[0] - p[0]) * (q[1] + p[1]) / 2;
    }
    return a;
  }

  /**
   * The vertical average of several curves (one per seed) on {@code gridPoints} evenly spaced FPRs,
   * each curve read as the TPR it reaches at that FPR (linear between its points).
   */
  public static List<double[]> mean(List<List<double[]>> curves, int gridPoints) {
    List<List<double[]>> usable = curves.stream().filter(c -> !c.isEmpty()).toList();
    if (usable.isEmpty()) {
      return List.of();
    }
    List<double[]> out = new ArrayList<>();
    out.add(new double[] {0, 0});
    for (int g = 0; g < gridPoints; g++) {
      double fpr = (double) g / (gridPoints - 1);
      double sum = 0;
      for (List<double[]> c : usable) {
        sum += tprAt(c, fpr);
      }
      out.add(new double[] {fpr, sum / usable.size()});
    }
    return out;
  }

  /** The highest TPR a curve reaches at this FPR, interpolating along a diagonal (tie) step. */
  static double tprAt(List<double[]> curve, double fpr) {
    double best = 0;
    for (int i = 1; i < curve.size(); i++) {
      double[] p = curve.get(i - 1);
      double[] q = curve.get(i);
      if (q[0] <= fpr) {
        best = Math.max(best, q[1]);
      } else if (p[0] <= fpr) {
        double t = q[0] == p[0] ? 1 : (fpr - p[0]) / (q[0] - p[0]);
        best = Math.max(best, p[1] + t * (q[1] - p[1]));
      }
    }
    return best;
  }
}
