package io.memefusion.dashboard.charts;

import java.util.List;
import java.util.Objects;

/**
 * A line chart laid out in SVG user units, ready for the {@code chart.jte} template: every
 * coordinate is computed here in Java, the template only writes elements.
 */
public record LineChart(
    String title,
    int width,
    int height,
    Box plot,
    String xLabel,
    String yLabel,
    List<Tick> xTicks,
    List<Tick> yTicks,
    List<Series> series,
    List<Guide> guides,
    List<Bar> bars,
    List<Dot> dots) {
  public LineChart {
    Objects.requireNonNull(title, "chart title");
    xTicks = List.copyOf(xTicks);
    yTicks = List.copyOf(yTicks);
    series = List.copyOf(series);
    guides = List.copyOf(guides);
    bars = List.copyOf(bars);
    dots = List.copyOf(dots);
  }

  /** The plotting area inside the axes. */
  public record Box(double left, double top, double right, double bottom) {
    public double width() {
      return right - left;
    }

    public double height() {
      return bottom - top;
    }
  }

  /** An axis tick at {@code at} (x for the x axis, y for the y axis) with its label. */
  public record Tick(double at, String label) {}

  /** A polyline; {@code points} is the SVG points list "x,y x,y ...". */
  public record Series(String name, String cssClass, String points) {}

  /** A straight reference line such as the ROC chance diagonal or the best epoch. */
  public record Guide(double x1, double y1, double x2, double y2, String cssClass, String label) {}

  /** A bar of a histogram drawn under the series (x, y is its top-left corner). */
  public record Bar(
      double x, double y, double width, double height, String cssClass, String label) {}

  /** A marked data point. */
  public record Dot(double x, double y, String cssClass, String label) {}

  public boolean isEmpty() {
    return series.isEmpty() && dots.isEmpty();
  }
}
