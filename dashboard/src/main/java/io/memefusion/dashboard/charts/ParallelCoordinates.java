package io.memefusion.dashboard.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Lays out a {@link ParallelChart}. Numeric axes are linear, or logarithmic when asked (learning
 * rate, weight decay: their grids are spaced by factors); an axis with a handful of distinct values
 * is ticked at each of them; a categorical axis (the model) spaces its names evenly. The last axis
 * colours the lines.
 */
public final class ParallelCoordinates {
  private static final int HEIGHT = 320;
  private static final int TOP = 34;
  private static final int BOTTOM = 28;
  private static final int SIDE = 70;
  private static final int MIN_SPACING = 130;
  private static final int MAX_SPACING = 240;

  /** The plot is laid out for about this width (a laptop page), never scaled up past it. */
  private static final int TARGET_WIDTH = 1100;

  private static final int MAX_TICKED_VALUES = 8;
  private static final int[][] RAMP = {{0xc6, 0xdb, 0xef}, {0x42, 0x92, 0xc6}, {0x08, 0x30, 0x6b}};

  /** An axis: numeric (log or not) or categorical ({@code categories} non-null). */
  public record Dimension(String label, boolean log, List<String> categories) {
    public static Dimension numeric(String label, boolean log) {
      return new Dimension(label, log, null);
    }

    public static Dimension categorical(String label, List<String> categories) {
      return new Dimension(label, false, List.copyOf(categories));
    }
  }

  /** A line: a value per dimension (a category's index for a categorical one). */
  public record Row(double[] values, String title, boolean highlighted) {}

  private ParallelCoordinates() {}

  public static ParallelChart build(
      String title, List<Dimension> dims, List<Row> rows, String lastAxisFormat) {
    if (dims.isEmpty()) {
      throw new IllegalArgumentException("a parallel-coordinates plot needs an axis");
    }
    int gaps = Math.max(1, dims.size() - 1);
    int spacing = Math.max(MIN_SPACING, Math.min(MAX_SPACING, (TARGET_WIDTH - 2 * SIDE) / gaps));
    int width = 2 * SIDE + spacing * gaps;
    double top = TOP;
    double bottom = HEIGHT - BOTTOM;
    List<Scale> scales = new ArrayList<>();
    List<ParallelChart.Axis> axes = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      Dimension dim = dims.get(d);
      double x = dims.size() == 1 ? width / 2.0 : SIDE + d * (double) spacing;
      Scale s = scale(dim, rows, d, top, bottom);
      scales.add(s);
      boolean last = d == dims.size() - 1;
      axes.add(
          new ParallelChart.Axis(
              dim.label(),
              x,
              top,
              bottom,
              dim.log(),
              ticks(dim, rows, d, s, last, lastAxisFormat)));
    }
    int lastDim = dims.size() - 1;
    // the colours span the data of the last axis, not its padded scale
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Row r : rows) {
      double v = r.values()[lastDim];
      if (!Double.isNaN(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
    List<Row> ordered = new ArrayList<>(rows);
    // best on top, the highlighted ones above everything
    ordered.sort(
        Comparator.comparing(Row::highlighted)
            .thenComparingDouble(r -> finiteOr(r.values()[lastDim], Double.NEGATIVE_INFINITY)));
    List<ParallelChart.Line> lines = new ArrayList<>();
    for (Row r : ordered) {
      StringBuilder pts = new StringBuilder();
      for (int d = 0; d < dims.size(); d++) {
        double v = r.values()[d];
        if (Double.isNaN(v)) {
          continue;
        }
        if (pts.length() > 0) {
          pts.append(' ');
        }
        pts.append(fmt(axes.get(d).x())).append(',').append(fmt(scales.get(d).map(v)));
      }
      double t = hi > lo ? (r.values()[lastDim] - lo) / (hi - lo) : 1;
      lines.add(
          new ParallelChart.Line(
              pts.toString(), color(finiteOr(t, 0)), r.title(), r.highlighted()));
    }
    ParallelChart.Ramp ramp =
        new ParallelChart.Ramp(
            color(0),
            color(1),
            String.format(Locale.ROOT, lastAxisFormat, lo),
            String.format(Locale.ROOT, lastAxisFormat, hi));
    return new ParallelChart(title, width, HEIGHT, axes, lines, ramp);
  }

  private static double finiteOr(double v, double fallback) {
    return Double.isNaN(v) ? fallback : v;
  }

  private static Scale scale(Dimension dim, List<Row> rows, int d, double top, double bottom) {
    if (dim.categories() != null) {
      return new Scale(-0.5, dim.categories().size() - 0.5, bottom, top, false);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    boolean log = dim.log();
    for (Row r : rows) {
      double v = r.values()[d];
      if (!Double.isNaN(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        log &= v > 0;
      }
    }
    if (lo > hi) {
      return new Scale(0, 1, bottom, top, false);
    }
    if (log) {
      double a = Math.log10(lo);
      double b = Math.log10(hi);
      double pad = b > a ? (b - a) * 0.08 : 0.5;
      return new Scale(a - pad, b + pad, bottom, top, true);
    }
    double pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(lo) * 0.1, 0.5);
    return new Scale(lo - pad, hi + pad, bottom, top, false);
  }

  private static List<ParallelChart.Tick> ticks(
      Dimension dim, List<Row> rows, int d, Scale s, boolean last, String lastFormat) {
    List<ParallelChart.Tick> ticks = new ArrayList<>();
    if (dim.categories() != null) {
      for (int i = 0; i < dim.categories().size(); i++) {
        ticks.add(new ParallelChart.Tick(s.map(i), dim.categories().get(i)));
      }
      return ticks;
    }
    TreeSet<Double> distinct = new TreeSet<>();
    for (Row r : rows) {
      if (!Double.isNaN(r.values()[d])) {
        distinct.add(r.values()[d]);
      }
    }
    if (!last && distinct.size() <= MAX_TICKED_VALUES) {
      for (double v : distinct) {
        ticks.add(new ParallelChart.Tick(s.map(v), plain(v)));
      }
      return ticks;
    }
    double a = s.log ? Math.pow(10, s.d0) : s.d0;
    double b = s.log ? Math.pow(10, s.d1) : s.d1;
    if (s.log) {
      for (int e = (int) Math.ceil(s.d0); e <= Math.floor(s.d1); e++) {
        ticks.add(new ParallelChart.Tick(s.map(Math.pow(10, e)), plain(Math.pow(10, e))));
      }
      return ticks;
    }
    double step = ChartBuilder.step(a, b);
    for (double v = Math.ceil(a / step - 1e-9) * step; v <= b + step * 1e-9; v += step) {
      ticks.add(
          new ParallelChart.Tick(
              s.map(v), last ? String.format(Locale.ROOT, lastFormat, v) : plain(v)));
    }
    return ticks;
  }

  /** 0.0003, 32, 1e-05 → 0.00001: the value as a person writes it. */
  static String plain(double v) {
    if (Math.abs(v) < 1e-12) {
      return "0";
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** The ramp's colour at {@code t} in [0, 1], as #rrggbb. */
  static String color(double t) {
    double u = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
    int i = Math.min(RAMP.length - 2, (int) Math.floor(u));
    double f = u - i;
    int[] rgb = new int[3];
    for (int c = 0; c < 3; c++) {
      rgb[c] = (int) Math.round(RAMP[i][c] + f * (RAMP[i + 1][c] - RAMP[i][c]));
    }
    return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Data (log10 of it on a log axis) to pixels. */
  private static final class Scale {
    final double d0;
    final double d1;
    final double p0;
    final double p1;
    final boolean log;

    Scale(double d0, double d1, double p0, double p1, boolean log) {
      this.d0 = d0;
      this.d1 = d1;
      this.p0 = p0;
      this.p1 = p1;
      this.log = log;
    }

    double map(double v) {
      double x = log ? Math.log10(v) : v;
      return d1 > d0 ? p0 + (x - d0) / (d1 - d0) * (p1 - p0) : (p0 + p1) / 2;
    }
  }
}
