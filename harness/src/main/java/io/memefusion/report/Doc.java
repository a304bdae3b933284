package io.memefusion.report;

import io.memefusion.eval.ConfusionCounts;
import io.memefusion.eval.Curves;
import java.util.List;
import java.util.Objects;

/**
 * The report as a list of blocks, rendered twice: to PDF ({@link PdfRenderer}) and to Markdown
 * ({@link MarkdownRenderer}), so both say the same thing with the same numbers.
 */
public record Doc(String title, String subtitle, List<Block> blocks) {
  public Doc {
    blocks = List.copyOf(blocks);
  }

  /** One piece of the report. */
  public sealed interface Block
      permits Heading, Paragraph, Bullets, Table, Figure, NotesBox, PageBreak {}

  /** Level 1 = section, 2 = subsection, 3 = paragraph heading. */
  public record Heading(int level, String text) implements Block {
    public Heading {
      if (level < 1 || level > 3) {
        throw new IllegalArgumentException("heading level must be 1..3, got " + level);
      }
    }
  }

  public enum Style {
    NORMAL,
    SMALL,
    /** A warning the reader must not miss (e.g. random encoder weights). */
    WARNING
  }

  public record Paragraph(String text, Style style) implements Block {
    public Paragraph {
      Objects.requireNonNull(text, "text");
    }

    public static Paragraph of(String text) {
      return new Paragraph(text, Style.NORMAL);
    }
  }

  public record Bullets(List<String> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  public enum Align {
    LEFT,
    RIGHT
  }

  /** A table with a caption above and an optional note below. */
  public record Table(
      String caption, List<String> headers, List<List<String>> rows, List<Align> align, String note)
      implements Block {
    public Table {
      headers = List.copyOf(headers);
      rows = rows.stream().map(List::copyOf).toList();
      align = List.copyOf(align);
      if (align.size() != headers.size()) {
        throw new IllegalArgumentException(
            "table '"
                + caption
                + "': "
                + align.size()
                + " alignments for "
                + headers.size()
                + " columns");
      }
      for (List<String> row : rows) {
        if (row.size() != headers.size()) {
          throw new IllegalArgumentException(
              "table '"
                  + caption
                  + "': a row of "
                  + row.size()
                  + " cells for "
                  + headers.size()
                  + " columns");
        }
      }
    }
  }

  /**
   * Charts side by side in one row of {@code columns} equal slots (at least as many as charts),
   * {@code height} points tall, with a caption below.
   */
  public record Figure(String caption, List<Chart> charts, float height, int columns)
      implements Block {
    public Figure {
      charts = List.copyOf(charts);
      columns = Math.max(columns, charts.size());
    }

    public Figure(String caption, List<Chart> charts, float height) {
      this(caption, charts, height, charts.size());
    }
  }

  /** A framed box the user fills in (their notes, the generative AI statement). */
  public record NotesBox(String title, String body, float height) implements Block {}

  public record PageBreak() implements Block {}

  /** A chart drawn in vector graphics. */
  public sealed interface Chart permits LineChart, ConfusionChart, BarChart {}

  /** A line in a line chart; {@code rgb} as 0xRRGGBB. */
  public record Series(
      String name, int rgb, List<Curves.Point> points, boolean markers, boolean dashed) {
    public Series {
      points = List.copyOf(points);
    }
  }

  public record LineChart(
      String title,
      String xLabel,
      String yLabel,
      double xMin,
      double xMax,
      double yMin,
      double yMax,
      List<Series> series,
      boolean diagonal,
      boolean legendBottomRight)
      implements Chart {
    public LineChart {
      series = List.copyOf(series);
    }
  }

  public record ConfusionChart(String title, ConfusionCounts counts, String subtitle)
      implements Chart {}

  /** Grouped bars: one group per category, one bar per series value (same order as categories). */
  public record BarChart(
      String title, String yLabel, List<String> categories, List<BarSeries> series)
      implements Chart {
    public BarChart {
      categories = List.copyOf(categories);
      series = List.copyOf(series);
    }
  }

  public record BarSeries(String name, int rgb, List<Double> values) {
    public BarSeries {
      values = List.copyOf(values);
    }
  }
}
