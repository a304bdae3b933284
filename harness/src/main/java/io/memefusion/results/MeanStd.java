package io.memefusion.results;

/** Mean and sample standard deviation of a metric over {@code n} seeds (std 0 when n = 1). */
public record MeanStd(double mean, double std, int n) {
  public MeanStd {
    if (n < 1) {
      throw new IllegalArgumentException("MeanStd needs at least one value, got n=" + n);
    }
  }
}
