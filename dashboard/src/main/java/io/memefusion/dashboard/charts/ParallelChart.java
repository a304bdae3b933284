package io.memefusion.dashboard.charts;

import java.util.List;

/**
 * A parallel-coordinates plot laid out in SVG units for {@code parallel.jte}: one vertical axis per
 * dimension, one polyline per row, its colour computed here (a light-to-dark blue ramp over the
 * last axis' range).
 */
public record ParallelChart(
    String title, int width, int height, List<Axis> axes, List<Line> lines, Ramp ramp) {
  public ParallelChart {
    axes = List.copyOf(axes);
    lines = List.copyOf(lines);
  }

  /** An axis at {@code x} from {@code top} to {@code bottom}, with its ticks. */
  public record Axis(
      String label, double x, double top, double bottom, boolean log, List<Tick> ticks) {
    public Axis {
      ticks = List.copyOf(ticks);
    }
  }

  public record Tick(double y, String label) {}

  /** A row: SVG points, stroke colour, tooltip; {@code highlighted} rows are drawn bold on top. */
  public record Line(String points, String color, String title, boolean highlighted) {}

  /** The colour legend: the colour of the lowest and highest value of the last axis. */
  public record Ramp(String low, String high, String lowLabel, String highLabel) {}

  public boolean isEmpty() {
    return lines.isEmpty();
  }
}
