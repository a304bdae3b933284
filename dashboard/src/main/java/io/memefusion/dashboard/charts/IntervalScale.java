package io.memefusion.dashboard.charts;

import io.memefusion.eval.Interval;
import java.util.List;
import java.util.Locale;

/**
 * A shared horizontal axis for the confidence-interval strips of one table, so the rows can be
 * compared by eye: each strip is an SVG of {@link #WIDTH} × {@link #HEIGHT} units with the interval
 * as a line, the estimate as a dot and a reference value (chance, or zero for a difference) as a
 * dashed guide.
 */
public record IntervalScale(double min, double max, double reference) {
  public static final int WIDTH = 160;
  public static final int HEIGHT = 16;
  private static final double PAD = 6;

  public IntervalScale {
    if (!(max > min)) {
      throw new IllegalArgumentException("interval scale needs min < max, got " + min + ", " + max);
    }
  }

  /** A strip's pixels: interval ends and estimate; NaN ends leave the line out. */
  public record Strip(double lower, double upper, double estimate, boolean hasInterval) {}

  /** The smallest round range holding every interval and the reference. */
  public static IntervalScale fit(List<Interval> intervals, double reference) {
    double lo = reference;
    double hi = reference;
    for (Interval i : intervals) {
      for (double v : new double[] {i.lower(), i.upper(), i.estimate()}) {
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    double[] nice = ChartBuilder.niceRange(lo, hi);
    return new IntervalScale(nice[0], nice[1], reference);
  }

  /** The smallest round range holding {@code lo}..{@code hi} and the reference. */
  public static IntervalScale fit(double lo, double hi, double reference) {
    double[] nice = ChartBuilder.niceRange(Math.min(lo, reference), Math.max(hi, reference));
    return new IntervalScale(nice[0], nice[1], reference);
  }

  /** A strip from plain numbers: a range (not a confidence interval) and a central value. */
  public Strip strip(double lower, double upper, double estimate) {
    boolean has = !Double.isNaN(lower) && !Double.isNaN(upper);
    return new Strip(has ? x(lower) : 0, has ? x(upper) : 0, x(estimate), has);
  }

  public double x(double value) {
    double clamped = Math.max(min, Math.min(max, value));
    return PAD + (clamped - min) / (max - min) * (WIDTH - 2 * PAD);
  }

  public Strip strip(Interval i) {
    boolean has = !Double.isNaN(i.lower()) && !Double.isNaN(i.upper());
    return new Strip(has ? x(i.lower()) : 0, has ? x(i.upper()) : 0, x(i.estimate()), has);
  }

  public double referenceX() {
    return x(reference);
  }

  /** "0.40 – 1.00": the axis range, for the column header. */
  public String range() {
    return String.format(Locale.ROOT, "%s – %s", label(min), label(max));
  }

  private static String label(double v) {
    return String.format(Locale.ROOT, "%.2f", Math.abs(v) < 1e-12 ? 0.0 : v);
  }
}
