package io.memefusion.dashboard.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lays out a {@link LineChart}: scales data to the plot box and chooses round tick values. */
public final class ChartBuilder {
  private static final int WIDTH = 420;
  private static final int HEIGHT = 300;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String[]> names = new ArrayList<>();
  private final List<List<double[]>> data = new ArrayList<>();
  private final List<double[]> guideData = new ArrayList<>();
  private final List<String[]> guideNames = new ArrayList<>();
  private final List<double[]> histogram = new ArrayList<>();
  private final List<String> histogramLabels = new ArrayList<>();
  private final List<double[]> dotData = new ArrayList<>();
  private final List<String[]> dotNames = new ArrayList<>();
  private String histogramCss = "";
  private double histogramShare;
  private int width = WIDTH;
  private int height = HEIGHT;
  private double xMin = Double.NaN;
  private double xMax = Double.NaN;
  private double yMin = Double.NaN;
  private double yMax = Double.NaN;
  private boolean integerX;

  public ChartBuilder(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Fixes the x range instead of fitting it to the data. */
  public ChartBuilder x(double min, double max) {
    xMin = min;
    xMax = max;
    return this;
  }

  public ChartBuilder y(double min, double max) {
    yMin = min;
    yMax = max;
    return this;
  }

  /** The chart's size in SVG units (default 420 × 300); small multiples use less. */
  public ChartBuilder size(int w, int h) {
    if (w < 120 || h < 100) {
      throw new IllegalArgumentException("a chart needs at least 120 × 100, got " + w + " × " + h);
    }
    width = w;
    height = h;
    return this;
  }

  /**
   * Bars standing on the x axis, one per {x0, x1, count}, the tallest {@code share} of the plot's
   * height: how many points a binned series rests on, whatever the y axis shows.
   */
  public ChartBuilder histogram(
      String cssClass, List<double[]> bins, List<String> labels, double share) {
    if (bins.size() != labels.size()) {
      throw new IllegalArgumentException(bins.size() + " bins but " + labels.size() + " labels");
    }
    histogramCss = cssClass;
    histogramShare = share;
    histogram.addAll(bins);
    histogramLabels.addAll(labels);
    return this;
  }

  /** A marked point (x, y) with a tooltip; left out when a coordinate is NaN. */
  public ChartBuilder dot(double x, double y, String cssClass, String label) {
    if (!Double.isNaN(x) && !Double.isNaN(y)) {
      dotData.add(new double[] {x, y});
      dotNames.add(new String[] {cssClass, label});
    }
    return this;
  }

  /** X values are counts (epochs): ticks at whole numbers only. */
  public ChartBuilder integerX() {
    integerX = true;
    return this;
  }

  /** A series of (x, y) points; points with a NaN coordinate are left out. */
  public ChartBuilder series(String name, String cssClass, List<double[]> points) {
    List<double[]> finite = new ArrayList<>();
    for (double[] p : points) {
      if (!Double.isNaN(p[0]) && !Double.isNaN(p[1])) {
        finite.add(p);
      }
    }
    if (!finite.isEmpty()) {
      names.add(new String[] {name, cssClass});
      data.add(finite);
    }
    return this;
  }

  /** A reference line in data coordinates. */
  public ChartBuilder guide(
      double x1, double y1, double x2, double y2, String cssClass, String label) {
    guideData.add(new double[] {x1, y1, x2, y2});
    guideNames.add(new String[] {cssClass, label});
    return this;
  }

  public LineChart build() {
    double x0 = xMin;
    double x1 = xMax;
    double y0 = yMin;
    double y1 = yMax;
    if (Double.isNaN(x0) || Double.isNaN(y0)) {
      double[] range = dataRange();
      if (Double.isNaN(x0)) {
        x0 = range[0];
        x1 = range[1];
      }
      if (Double.isNaN(y0)) {
        double[] nice = niceRange(range[2], range[3]);
        y0 = nice[0];
        y1 = nice[1];
      }
    }
    if (!(x1 > x0)) {
      x1 = x0 + 1;
    }
    if (!(y1 > y0)) {
      y1 = y0 + 1;
    }
    LineChart.Box plot = new LineChart.Box(width < 300 ? 40 : 52, 12, width - 14, height - 42);
    Scale sx = new Scale(x0, x1, plot.left(), plot.right());
    Scale sy = new Scale(y0, y1, plot.bottom(), plot.top());
    List<LineChart.Series> series = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      StringBuilder pts = new StringBuilder();
      for (double[] p : data.get(i)) {
        if (pts.length() > 0) {
          pts.append(' ');
        }
        pts.append(fmt(sx.map(p[0]))).append(',').append(fmt(sy.map(p[1])));
      }
      series.add(new LineChart.Series(names.get(i)[0], names.get(i)[1], pts.toString()));
    }
    List<LineChart.Guide> guides = new ArrayList<>();
    for (int i = 0; i < guideData.size(); i++) {
      double[] g = guideData.get(i);
      guides.add(
          new LineChart.Guide(
              sx.map(g[0]),
              sy.map(g[1]),
              sx.map(g[2]),
              sy.map(g[3]),
              guideNames.get(i)[0],
              guideNames.get(i)[1]));
    }
    List<LineChart.Dot> dots = new ArrayList<>();
    for (int i = 0; i < dotData.size(); i++) {
      double[] d = dotData.get(i);
      dots.add(
          new LineChart.Dot(sx.map(d[0]), sy.map(d[1]), dotNames.get(i)[0], dotNames.get(i)[1]));
    }
    return new LineChart(
        title,
        width,
        height,
        plot,
        xLabel,
        yLabel,
        ticks(sx, x0, x1, integerX),
        ticks(sy, y0, y1, false),
        series,
        guides,
        bars(sx, plot),
        dots);
  }

  private List<LineChart.Bar> bars(Scale sx, LineChart.Box plot) {
    double max = histogram.stream().mapToDouble(b -> b[2]).max().orElse(0);
    List<LineChart.Bar> bars = new ArrayList<>();
    for (int i = 0; i < histogram.size() && max > 0; i++) {
      double[] b = histogram.get(i);
      double h = b[2] / max * histogramShare * plot.height();
      double left = sx.map(b[0]);
      bars.add(
          new LineChart.Bar(
              left,
              plot.bottom() - h,
              Math.max(0, sx.map(b[1]) - left - 1),
              h,
              histogramCss,
              histogramLabels.get(i)));
    }
    return bars;
  }

  private double[] dataRange() {
    double[] r = {
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
    };
    for (List<double[]> s : data) {
      for (double[] p : s) {
        r[0] = Math.min(r[0], p[0]);
        r[1] = Math.max(r[1], p[0]);
        r[2] = Math.min(r[2], p[1]);
        r[3] = Math.max(r[3], p[1]);
      }
    }
    return data.isEmpty() ? new double[] {0, 1, 0, 1} : r;
  }

  /** The data range widened to round tick values. */
  public static double[] niceRange(double min, double max) {
    if (!(max > min)) {
      return new double[] {min - 0.5, max + 0.5};
    }
    double step = step(min, max);
    return new double[] {Math.floor(min / step) * step, Math.ceil(max / step) * step};
  }

  /** A tick step of 1, 2 or 5 times a power of ten giving about five ticks. */
  static double step(double min, double max) {
    double raw = (max - min) / 5;
    double pow = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / pow;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
  }

  private static List<LineChart.Tick> ticks(Scale s, double min, double max, boolean integer) {
    double step = step(min, max);
    if (integer) {
      step = Math.max(1, Math.round(step));
    }
    List<LineChart.Tick> ticks = new ArrayList<>();
    double first = Math.ceil(min / step - 1e-9) * step;
    for (double v = first; v <= max + step * 1e-9; v += step) {
      ticks.add(new LineChart.Tick(s.map(v), label(v, step)));
    }
    return ticks;
  }

  private static String label(double v, double step) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < 1e-12 ? 0.0 : v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Linear map from a data interval to a pixel interval. */
  private record Scale(double d0, double d1, double p0, double p1) {
    double map(double v) {
      return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
    }
  }
}
