package io.memefusion.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Lays out a {@link Doc} on A4 pages with PDFBox: headings, wrapped paragraphs, tables that
 * continue on the next page with their header repeated, rows of vector charts, note boxes, and a
 * footer with page numbers.
 */
public final class PdfRenderer {
  private static final PDRectangle PAGE = PDRectangle.A4;
  private static final float MARGIN_X = 54;
  private static final float MARGIN_TOP = 54;
  private static final float MARGIN_BOTTOM = 60;
  private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN_X;
  private static final Color ACCENT = new Color(0x1F3A5F);
  private static final Color INK = new Color(0x1A1A1A);
  private static final Color MUTED = new Color(0x5A5A5A);

  private final String footer;

  /** {@code footer} is printed at the bottom left of every page. */
  public PdfRenderer(String footer) {
    this.footer = footer;
  }

  public void render(Doc doc, Path out) throws IOException {
    try (PDDocument pdf = new PDDocument()) {
      PDDocumentInformation info = pdf.getDocumentInformation();
      info.setTitle(doc.title());
      info.setCreator("memefusion");
      info.setCreationDate(Calendar.getInstance());
      Layout layout = new Layout(pdf);
      layout.title(doc.title(), doc.subtitle());
      List<Doc.Block> blocks = doc.blocks();
      for (int i = 0; i < blocks.size(); i++) {
        layout.next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
        layout.block(blocks.get(i));
      }
      layout.finish();
      pdf.save(out.toFile());
    }
  }

  /** The running state: current page, its content stream and the cursor (distance from bottom). */
  private final class Layout {
    final PDDocument pdf;
    final PdfKit kit;
    final Charts charts;
    PDPageContentStream cs;
    float y;

    /** The block after the current one: a heading is kept on the page of what follows it. */
    Doc.Block next;

    Layout(PDDocument pdf) throws IOException {
      this.pdf = pdf;
      this.kit = new PdfKit(pdf);
      this.charts = new Charts(kit);
      newPage();
    }

    void newPage() throws IOException {
      if (cs != null) {
        cs.close();
      }
      PDPage page = new PDPage(PAGE);
      pdf.addPage(page);
      cs = new PDPageContentStream(pdf, page);
      y = PAGE.getHeight() - MARGIN_TOP;
    }

    /** Starts a new page unless {@code h} points still fit above the bottom margin. */
    void ensure(float h) throws IOException {
      if (y - h < MARGIN_BOTTOM) {
        newPage();
      }
    }

    boolean atTop() {
      return y >= PAGE.getHeight() - MARGIN_TOP - 0.5f;
    }

    void title(String title, String subtitle) throws IOException {
      for (String line : kit.wrap(kit.bold, 19, title, WIDTH)) {
        kit.text(cs, kit.bold, 19, ACCENT, MARGIN_X, y - 19, line);
        y -= 25;
      }
      for (String line : kit.wrap(kit.regular, 9.5f, subtitle, WIDTH)) {
        kit.text(cs, kit.regular, 9.5f, MUTED, MARGIN_X, y - 10, line);
        y -= 13;
      }
      y -= 6;
      rule(ACCENT, 1.2f);
      y -= 6;
    }

    void rule(Color color, float width) throws IOException {
      cs.setStrokingColor(color);
      cs.setLineWidth(width);
      cs.moveTo(MARGIN_X, y);
      cs.lineTo(MARGIN_X + WIDTH, y);
      cs.stroke();
    }

    void block(Doc.Block b) throws IOException {
      if (b instanceof Doc.Heading h) {
        heading(h);
      } else if (b instanceof Doc.Paragraph p) {
        paragraph(p);
      } else if (b instanceof Doc.Bullets bl) {
        bullets(bl);
      } else if (b instanceof Doc.Table t) {
        table(t);
      } else if (b instanceof Doc.Figure f) {
        figure(f);
      } else if (b instanceof Doc.NotesBox n) {
        notes(n);
      } else if (b instanceof Doc.PageBreak) {
        if (!atTop()) {
          newPage();
        }
      }
    }

    void heading(Doc.Heading h) throws IOException {
      float size = h.level() == 1 ? 15 : h.level() == 2 ? 12 : 10.2f;
      float before = h.level() == 1 ? 16 : h.level() == 2 ? 11 : 7;
      // keep a heading with a few lines of what follows, or with the whole figure after it
      float keep = 60;
      if (next instanceof Doc.Figure f) {
        keep = f.height() + 40;
      } else if (next instanceof Doc.Table t) {
        keep = Math.min(tableHeight(t), 140);
      }
      ensure(before + size + keep);
      if (!atTop()) {
        y -= before;
      }
      Color color = h.level() == 3 ? INK : ACCENT;
      for (String line : kit.wrap(kit.bold, size, h.text(), WIDTH)) {
        kit.text(cs, kit.bold, size, color, MARGIN_X, y - size, line);
        y -= size * 1.3f;
      }
      if (h.level() == 1) {
        y -= 2;
        rule(new Color(0xC9D3DE), 0.6f);
      }
      y -= h.level() == 1 ? 8 : 4;
    }

    void paragraph(Doc.Paragraph p) throws IOException {
      boolean small = p.style() == Doc.Style.SMALL;
      boolean warning = p.style() == Doc.Style.WARNING;
      float size = small ? 8.2f : 9.6f;
      float leading = size * 1.38f;
      PDFont font = warning ? kit.bold : kit.regular;
      float inset = warning ? 8 : 0;
      List<String> lines = kit.wrap(font, size, p.text(), WIDTH - 2 * inset);
      if (warning) {
        float h = lines.size() * leading + 10;
        ensure(h + 6);
        cs.setNonStrokingColor(new Color(0xFFF4E5));
        cs.setStrokingColor(new Color(0xE0A040));
        cs.setLineWidth(0.8f);
        cs.addRect(MARGIN_X, y - h, WIDTH, h);
        cs.fillAndStroke();
        y -= 5;
      }
      for (String line : lines) {
        ensure(leading);
        kit.text(
            cs,
            font,
            size,
            small ? MUTED : warning ? new Color(0x7A4100) : INK,
            MARGIN_X + inset,
            y - size,
            line);
        y -= leading;
      }
      y -= warning ? 11 : small ? 4 : 6;
    }

    void bullets(Doc.Bullets b) throws IOException {
      float size = 9.6f;
      float leading = size * 1.38f;
      for (String item : b.items()) {
        List<String> lines = kit.wrap(kit.regular, size, item, WIDTH - 14);
        ensure(leading * Math.min(2, lines.size()));
        kit.text(cs, kit.regular, size, ACCENT, MARGIN_X + 3, y - size, "•");
        for (String line : lines) {
          ensure(leading);
          kit.text(cs, kit.regular, size, INK, MARGIN_X + 14, y - size, line);
          y -= leading;
        }
        y -= 1.5f;
      }
      y -= 5;
    }

    void table(Doc.Table t) throws IOException {
      int cols = t.headers().size();
      float pad = 4;
      float size = 8.2f;
      TableColumns fit = TableColumns.fit(kit, t, size, pad, WIDTH);
      size = fit.size();
      float[] widths = fit.widths();
      float line = size * 1.25f;
      float rowPad = size * 0.6f;
      List<List<List<String>>> wrapped = new ArrayList<>();
      float whole = 0;
      for (List<String> row : t.rows()) {
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
          cells.add(kit.wrap(kit.regular, size, row.get(c), widths[c] - 2 * pad));
        }
        wrapped.add(cells);
        whole += rowHeight(cells, line, rowPad);
      }
      List<List<String>> headerCells = new ArrayList<>();
      for (int c = 0; c < cols; c++) {
        headerCells.add(kit.wrap(kit.bold, size, t.headers().get(c), widths[c] - 2 * pad));
      }
      float headerH = rowHeight(headerCells, line, rowPad);
      List<String> caption = kit.wrap(kit.bold, 8.8f, t.caption(), WIDTH);
      whole += caption.size() * 12 + headerH + 30;
      float page = PAGE.getHeight() - MARGIN_TOP - MARGIN_BOTTOM;
      // a table that fits on one page is not split; a longer one starts with a few rows at least
      ensure(whole <= page ? whole : caption.size() * 12 + headerH * 4 + 4);
      for (String l : caption) {
        kit.text(cs, kit.bold, 8.8f, INK, MARGIN_X, y - 9, l);
        y -= 12;
      }
      y -= 2;
      header(headerCells, t.align(), widths, size, headerH, line, pad);
      for (int r = 0; r < wrapped.size(); r++) {
        float rowH = rowHeight(wrapped.get(r), line, rowPad);
        if (y - rowH < MARGIN_BOTTOM) {
          newPage();
          kit.text(cs, kit.italic, 7.5f, MUTED, MARGIN_X, y - 8, t.caption() + " (continued)");
          y -= 12;
          header(headerCells, t.align(), widths, size, headerH, line, pad);
        }
        if (r % 2 == 1) {
          cs.setNonStrokingColor(new Color(0xF5F7FA));
          cs.addRect(MARGIN_X, y - rowH, WIDTH, rowH);
          cs.fill();
        }
        cells(wrapped.get(r), t.align(), widths, kit.regular, size, line, pad, INK);
        y -= rowH;
      }
      rule(new Color(0x9AA5B1), 0.6f);
      y -= 4;
      if (t.note() != null && !t.note().isBlank()) {
        for (String l : kit.wrap(kit.regular, 7.6f, t.note(), WIDTH)) {
          ensure(10);
          kit.text(cs, kit.regular, 7.6f, MUTED, MARGIN_X, y - 8, l);
          y -= 10;
        }
      }
      y -= 8;
    }

    float rowHeight(List<List<String>> cells, float line, float rowPad) {
      int lines = 1;
      for (List<String> c : cells) {
        lines = Math.max(lines, c.size());
      }
      return lines * line + 2 * rowPad;
    }

    /** About how tall a table is at the default size (for keeping headings with it). */
    float tableHeight(Doc.Table t) {
      return 12 + 8.2f * 1.85f * (t.rows().size() + 1) + 30;
    }

    void header(
        List<List<String>> cells,
        List<Doc.Align> align,
        float[] widths,
        float size,
        float headerH,
        float line,
        float pad)
        throws IOException {
      cs.setNonStrokingColor(new Color(0xE4EAF1));
      cs.addRect(MARGIN_X, y - headerH, WIDTH, headerH);
      cs.fill();
      cells(cells, align, widths, kit.bold, size, line, pad, ACCENT);
      y -= headerH;
    }

    /** One row of (wrapped) cells, top-aligned, starting at the cursor. */
    void cells(
        List<List<String>> cells,
        List<Doc.Align> align,
        float[] widths,
        PDFont font,
        float size,
        float line,
        float pad,
        Color color)
        throws IOException {
      float x = MARGIN_X;
      for (int c = 0; c < cells.size(); c++) {
        float base = y - size * 0.6f - size * 0.95f;
        for (String l : cells.get(c)) {
          if (align.get(c) == Doc.Align.RIGHT) {
            kit.textRight(cs, font, size, color, x + widths[c] - pad, base, l);
          } else {
            kit.text(cs, font, size, color, x + pad, base, l);
          }
          base -= line;
        }
        x += widths[c];
      }
    }

    void figure(Doc.Figure f) throws IOException {
      List<String> caption = kit.wrap(kit.italic, 7.8f, f.caption(), WIDTH);
      ensure(f.height() + caption.size() * 10 + 10);
      float gap = 12;
      int n = f.charts().size();
      float w = (WIDTH - gap * (f.columns() - 1)) / f.columns();
      for (int i = 0; i < n; i++) {
        cs.saveGraphicsState();
        charts.draw(cs, f.charts().get(i), MARGIN_X + i * (w + gap), y - f.height(), w, f.height());
        cs.restoreGraphicsState();
      }
      y -= f.height() + 5;
      for (String line : caption) {
        kit.text(cs, kit.italic, 7.8f, MUTED, MARGIN_X, y - 8, line);
        y -= 10;
      }
      y -= 10;
    }

    void notes(Doc.NotesBox n) throws IOException {
      ensure(n.height() + 20);
      kit.text(cs, kit.bold, 10.2f, ACCENT, MARGIN_X, y - 10, n.title());
      y -= 16;
      cs.setStrokingColor(new Color(0x8899AA));
      cs.setLineWidth(0.8f);
      cs.setLineDashPattern(new float[] {3, 2}, 0);
      cs.addRect(MARGIN_X, y - n.height(), WIDTH, n.height());
      cs.stroke();
      cs.setLineDashPattern(new float[] {}, 0);
      float ty = y - 14;
      for (String line : kit.wrap(kit.italic, 8.6f, n.body(), WIDTH - 16)) {
        kit.text(cs, kit.italic, 8.6f, MUTED, MARGIN_X + 8, ty, line);
        ty -= 12;
      }
      y -= n.height() + 12;
    }

    void finish() throws IOException {
      cs.close();
      int total = pdf.getNumberOfPages();
      List<PDPage> pages = new ArrayList<>();
      pdf.getPages().forEach(pages::add);
      for (int i = 0; i < total; i++) {
        try (PDPageContentStream f =
            new PDPageContentStream(
                pdf, pages.get(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
          f.setStrokingColor(new Color(0xC9D3DE));
          f.setLineWidth(0.5f);
          f.moveTo(MARGIN_X, MARGIN_BOTTOM - 22);
          f.lineTo(MARGIN_X + WIDTH, MARGIN_BOTTOM - 22);
          f.stroke();
          kit.text(f, kit.regular, 7.5f, MUTED, MARGIN_X, MARGIN_BOTTOM - 32, footer);
          kit.textRight(
              f,
              kit.regular,
              7.5f,
              MUTED,
              MARGIN_X + WIDTH,
              MARGIN_BOTTOM - 32,
              "page " + (i + 1) + " of " + total);
        }
      }
    }
  }
}
