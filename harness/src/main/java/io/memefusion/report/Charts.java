package io.memefusion.report;

import io.memefusion.eval.ConfusionCounts;
import io.memefusion.eval.Curves;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/** Draws the report's charts as PDF vector graphics inside a given rectangle. */
final class Charts {
  static final Color INK = new Color(0x222222);
  static final Color MUTED = new Color(0x666666);
  static final Color GRID = new Color(0xE3E3E3);
  static final Color FRAME = new Color(0x999999);

  private final PdfKit kit;

  Charts(PdfKit kit) {
    this.kit = kit;
  }

  void draw(PDPageContentStream cs, Doc.Chart chart, float x, float y, float w, float h)
      throws IOException {
    if (chart instanceof Doc.LineChart c) {
      line(cs, c, x, y, w, h);
    } else if (chart instanceof Doc.ConfusionChart c) {
      confusion(cs, c, x, y, w, h);
    } else if (chart instanceof Doc.BarChart c) {
      bars(cs, c, x, y, w, h);
    }
  }

  /** The plot area of a chart with axes: room for the title, tick labels and axis labels. */
  private record Plot(float left, float bottom, float width, float height) {
    float right() {
      return left + width;
    }

    float top() {
      return bottom + height;
    }
  }

  private Plot frame(PDPageContentStream cs, String title, float x, float y, float w, float h)
      throws IOException {
    kit.textCentered(cs, kit.bold, 8.5f, INK, x + w / 2, y + h - 9, title);
    return new Plot(x + 36, y + 26, w - 36 - 6, h - 26 - 16);
  }

  private void line(PDPageContentStream cs, Doc.LineChart c, float x, float y, float w, float h)
      throws IOException {
    Plot p = frame(cs, c.title(), x, y, w, h);
    double[] xt = within(ticks(c.xMin(), c.xMax()), c.xMin(), c.xMax());
    double[] yt = within(ticks(c.yMin(), c.yMax()), c.yMin(), c.yMax());
    axes(cs, p, c.xMin(), c.xMax(), c.yMin(), c.yMax(), xt, yt, c.xLabel(), c.yLabel());
    cs.saveGraphicsState();
    cs.addRect(p.left(), p.bottom(), p.width(), p.height());
    cs.clip();
    if (c.diagonal()) {
      cs.setStrokingColor(FRAME);
      cs.setLineWidth(0.6f);
      cs.setLineDashPattern(new float[] {2.5f, 2.5f}, 0);
      cs.moveTo(p.left(), p.bottom());
      cs.lineTo(p.right(), p.top());
      cs.stroke();
      cs.setLineDashPattern(new float[] {}, 0);
    }
    for (Doc.Series s : c.series()) {
      if (s.points().isEmpty()) {
        continue;
      }
      Color color = PdfKit.rgb(s.rgb());
      cs.setStrokingColor(color);
      cs.setNonStrokingColor(color);
      cs.setLineWidth(1.3f);
      cs.setLineDashPattern(s.dashed() ? new float[] {4, 2} : new float[] {}, 0);
      boolean first = true;
      for (Curves.Point pt : s.points()) {
        float px = sx(p, c.xMin(), c.xMax(), pt.x());
        float py = sy(p, c.yMin(), c.yMax(), pt.y());
        if (first) {
          cs.moveTo(px, py);
          first = false;
        } else {
          cs.lineTo(px, py);
        }
      }
      cs.stroke();
      cs.setLineDashPattern(new float[] {}, 0);
      if (s.markers()) {
        for (Curves.Point pt : s.points()) {
          PdfKit.circle(
              cs, sx(p, c.xMin(), c.xMax(), pt.x()), sy(p, c.yMin(), c.yMax(), pt.y()), 1.7f);
        }
      }
    }
    cs.restoreGraphicsState();
    legend(cs, p, c.series(), c.legendBottomRight());
  }

  private void legend(PDPageContentStream cs, Plot p, List<Doc.Series> series, boolean bottomRight)
      throws IOException {
    float size = 6.8f;
    float row = 9;
    float maxName = 0;
    for (Doc.Series s : series) {
      maxName = Math.max(maxName, kit.width(kit.regular, size, s.name()));
    }
    float bw = maxName + 22;
    float bh = series.size() * row + 4;
    float bx = bottomRight ? p.right() - bw - 4 : p.left() + 4;
    float by = bottomRight ? p.bottom() + 4 : p.top() - bh - 4;
    cs.setNonStrokingColor(new Color(255, 255, 255));
    cs.setStrokingColor(GRID);
    cs.setLineWidth(0.5f);
    cs.addRect(bx, by, bw, bh);
    cs.fillAndStroke();
    float ty = by + bh - row + 1;
    for (Doc.Series s : series) {
      Color color = PdfKit.rgb(s.rgb());
      cs.setStrokingColor(color);
      cs.setLineWidth(1.5f);
      cs.setLineDashPattern(s.dashed() ? new float[] {3, 1.5f} : new float[] {}, 0);
      cs.moveTo(bx + 4, ty + 2.5f);
      cs.lineTo(bx + 16, ty + 2.5f);
      cs.stroke();
      cs.setLineDashPattern(new float[] {}, 0);
      kit.text(cs, kit.regular, size, INK, bx + 19, ty, s.name());
      ty -= row;
    }
  }

  private void axes(
      PDPageContentStream cs,
      Plot p,
      double x0,
      double x1,
      double y0,
      double y1,
      double[] xt,
      double[] yt,
      String xLabel,
      String yLabel)
      throws IOException {
    cs.setLineWidth(0.5f);
    cs.setStrokingColor(GRID);
    for (double t : xt) {
      float px = sx(p, x0, x1, t);
      cs.moveTo(px, p.bottom());
      cs.lineTo(px, p.top());
    }
    for (double t : yt) {
      float py = sy(p, y0, y1, t);
      cs.moveTo(p.left(), py);
      cs.lineTo(p.right(), py);
    }
    cs.stroke();
    cs.setStrokingColor(FRAME);
    cs.setLineWidth(0.7f);
    cs.addRect(p.left(), p.bottom(), p.width(), p.height());
    cs.stroke();
    for (double t : xt) {
      kit.textCentered(cs, kit.regular, 6.5f, MUTED, sx(p, x0, x1, t), p.bottom() - 8, tick(t));
    }
    for (double t : yt) {
      kit.textRight(cs, kit.regular, 6.5f, MUTED, p.left() - 3, sy(p, y0, y1, t) - 2.2f, tick(t));
    }
    kit.textCentered(cs, kit.regular, 7.2f, INK, p.left() + p.width() / 2, p.bottom() - 18, xLabel);
    kit.textVertical(
        cs, kit.regular, 7.2f, INK, p.left() - 25, p.bottom() + p.height() / 2, yLabel);
  }

  private void confusion(
      PDPageContentStream cs, Doc.ConfusionChart c, float x, float y, float w, float h)
      throws IOException {
    kit.textCentered(cs, kit.bold, 8.5f, INK, x + w / 2, y + h - 9, c.title());
    kit.textCentered(cs, kit.regular, 6.5f, MUTED, x + w / 2, y + h - 18, c.subtitle());
    float labelW = 30;
    float side = Math.min(w - labelW - 4, h - 24 - 22);
    float cell = side / 2;
    float gx = x + labelW + (w - labelW - side) / 2;
    float gy = y + 14;
    ConfusionCounts k = c.counts();
    int[][] counts = {
      {k.truePositives(), k.falseNegatives()}, {k.falsePositives(), k.trueNegatives()}
    };
    String[] actual = {"hateful", "not"};
    for (int r = 0; r < 2; r++) {
      int rowTotal = counts[r][0] + counts[r][1];
      for (int col = 0; col < 2; col++) {
        double share = rowTotal == 0 ? 0 : (double) counts[r][col] / rowTotal;
        boolean correct = r == col;
        Color fill = blend(correct ? new Color(0x2B6CB0) : new Color(0xC05621), share * 0.85);
        float cx = gx + col * cell;
        float cy = gy + (1 - r) * cell;
        cs.setNonStrokingColor(fill);
        cs.setStrokingColor(Color.WHITE);
        cs.setLineWidth(1.2f);
        cs.addRect(cx, cy, cell, cell);
        cs.fillAndStroke();
        Color ink = share > 0.55 ? Color.WHITE : INK;
        kit.textCentered(
            cs, kit.bold, 9, ink, cx + cell / 2, cy + cell / 2 + 1, String.valueOf(counts[r][col]));
        kit.textCentered(
            cs,
            kit.regular,
            6.3f,
            ink,
            cx + cell / 2,
            cy + cell / 2 - 8,
            String.format(Locale.ROOT, "%.0f%%", 100 * share));
      }
      kit.textRight(
          cs, kit.regular, 6.5f, INK, gx - 3, gy + (1 - r) * cell + cell / 2 - 2, actual[r]);
    }
    kit.textCentered(cs, kit.regular, 6.5f, INK, gx + cell / 2, gy - 8, "pred. hateful");
    kit.textCentered(cs, kit.regular, 6.5f, INK, gx + cell * 1.5f, gy - 8, "pred. not");
  }

  private void bars(PDPageContentStream cs, Doc.BarChart c, float x, float y, float w, float h)
      throws IOException {
    Plot p = frame(cs, c.title(), x, y, w, h);
    double lo = 0;
    double hi = 0.05;
    for (Doc.BarSeries s : c.series()) {
      for (double v : s.values()) {
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    // head room above the tallest bar for the legend
    hi += (hi - lo) * 0.1 * (c.series().size() + 1);
    double[] yt = ticks(lo, hi);
    lo = Math.min(lo, yt[0]);
    hi = Math.max(hi, yt[yt.length - 1]);
    axes(cs, p, 0, 1, lo, hi, new double[] {}, yt, "", c.yLabel());
    int groups = c.categories().size();
    int n = c.series().size();
    float groupW = p.width() / groups;
    float barW = Math.min(18, (groupW - 10) / Math.max(1, n));
    float zero = sy(p, lo, hi, 0);
    for (int g = 0; g < groups; g++) {
      float start = p.left() + g * groupW + (groupW - barW * n) / 2;
      for (int s = 0; s < n; s++) {
        double v = c.series().get(s).values().get(g);
        if (Double.isNaN(v)) {
          continue;
        }
        float top = sy(p, lo, hi, v);
        cs.setNonStrokingColor(PdfKit.rgb(c.series().get(s).rgb()));
        cs.addRect(start + s * barW, Math.min(zero, top), barW - 1, Math.abs(top - zero));
        cs.fill();
      }
      kit.textCentered(
          cs,
          kit.regular,
          6.8f,
          INK,
          p.left() + g * groupW + groupW / 2,
          p.bottom() - 8,
          c.categories().get(g));
    }
    cs.setStrokingColor(INK);
    cs.setLineWidth(0.6f);
    cs.moveTo(p.left(), zero);
    cs.lineTo(p.right(), zero);
    cs.stroke();
    List<Doc.Series> legend =
        c.series().stream()
            .map(s -> new Doc.Series(s.name(), s.rgb(), List.of(), false, false))
            .toList();
    legend(cs, p, legend, false);
  }

  private static Color blend(Color c, double amount) {
    double a = Math.max(0.06, Math.min(1, amount));
    return new Color(
        (int) (255 + (c.getRed() - 255) * a),
        (int) (255 + (c.getGreen() - 255) * a),
        (int) (255 + (c.getBlue() - 255) * a));
  }

  private static float sx(Plot p, double x0, double x1, double v) {
    return (float) (p.left() + (v - x0) / (x1 - x0) * p.width());
  }

  private static float sy(Plot p, double y0, double y1, double v) {
    return (float) (p.bottom() + (v - y0) / (y1 - y0) * p.height());
  }

  /** Round tick values covering [lo, hi] with a 1/2/5 step, about 5 intervals. */
  static double[] ticks(double lo, double hi) {
    double range = hi - lo;
    if (!(range > 0)) {
      return new double[] {lo};
    }
    double raw = range / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step =
        raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    double first = Math.floor(lo / step + 1e-9) * step;
    double last = Math.ceil(hi / step - 1e-9) * step;
    int count = (int) Math.round((last - first) / step) + 1;
    double[] t = new double[count];
    for (int i = 0; i < count; i++) {
      t[i] = first + i * step;
    }
    return t;
  }

  private static double[] within(double[] ticks, double lo, double hi) {
    double eps = (hi - lo) * 1e-6;
    return java.util.Arrays.stream(ticks).filter(t -> t >= lo - eps && t <= hi + eps).toArray();
  }

  private static String tick(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9) {
      return String.valueOf((long) Math.rint(v));
    }
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
  }
}
