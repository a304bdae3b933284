package io.memefusion.dashboard.explore;

import io.memefusion.results.MeanStd;
import java.util.List;

/** Mean and sample standard deviation as the result tables compute them (n - 1; 0 for one). */
final class Stats {
  private Stats() {}

  /** Null for no values. */
  static MeanStd meanStd(List<Double> xs) {
    if (xs.isEmpty()) {
      return null;
    }
    double mean = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - mean) * (x - mean);
    }
    return new MeanStd(mean, xs.size() > 1 ? Math.sqrt(ss / (xs.size() - 1)) : 0, xs.size());
  }

  static double mean(List<Double> xs) {
    double sum = 0;
    for (double x : xs) {
      sum += x;
    }
    return sum / xs.size();
  }
}
