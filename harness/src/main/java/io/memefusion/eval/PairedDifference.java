package io.memefusion.eval;

/**
 * Model A minus model B on the same resampled memes: the observed difference, its percentile
 * interval, and the fraction of resamples where the difference was at most zero (a one-sided
 * bootstrap p-value for "A is better than B").
 */
public record PairedDifference(Interval difference, double fractionAtMostZero) {
  public PairedDifference {
    if (!(fractionAtMostZero >= 0 && fractionAtMostZero <= 1)) {
      throw new IllegalArgumentException(
          "fraction of resamples <= 0 must be in [0, 1], got " + fractionAtMostZero);
    }
  }

  /** True when the whole interval lies above zero. */
  public boolean aboveZero() {
    return difference.lower() > 0;
  }

  /** True when the whole interval lies below zero. */
  public boolean belowZero() {
    return difference.upper() < 0;
  }
}
