package io.memefusion.eval;

/**
 * A point estimate with a bootstrap percentile interval at {@code level} (0.95 for 95%), from
 * {@code resamples} resamples of the memes.
 */
public record Interval(double estimate, double lower, double upper, double level, int resamples) {
  public Interval {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    if (lower > upper) {
      throw new IllegalArgumentException("interval lower " + lower + " > upper " + upper);
    }
  }

  public double width() {
    return upper - lower;
  }

  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }
}
