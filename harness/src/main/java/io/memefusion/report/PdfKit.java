package io.memefusion.report;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.util.Matrix;

/**
 * Fonts and text primitives shared by the page layout and the charts. The fonts are DejaVu Sans
 * (regular, bold, oblique) and DejaVu Sans Mono from the {@code jasperreports-fonts} jar, embedded
 * as subsets, so the PDF looks the same everywhere and needs no fonts on the reader's machine.
 */
final class PdfKit {
  private static final String FONTS = "net/sf/jasperreports/fonts/dejavu/";

  final PDFont regular;
  final PDFont bold;
  final PDFont italic;
  final PDFont mono;
  private final Map<PDFont, Map<Integer, Boolean>> encodable = new HashMap<>();

  PdfKit(PDDocument doc) {
    regular = load(doc, "DejaVuSans.ttf");
    bold = load(doc, "DejaVuSans-Bold.ttf");
    italic = load(doc, "DejaVuSans-Oblique.ttf");
    mono = load(doc, "DejaVuSansMono.ttf");
  }

  private static PDFont load(PDDocument doc, String file) {
    try (InputStream in = PdfKit.class.getClassLoader().getResourceAsStream(FONTS + file)) {
      if (in == null) {
        throw new IllegalStateException("font " + FONTS + file + " is not on the classpath");
      }
      return PDType0Font.load(doc, in, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load font " + file, e);
    }
  }

  /** Replaces characters the font cannot draw (and control characters) so text never fails. */
  String clean(PDFont font, String s) {
    Map<Integer, Boolean> cache = encodable.computeIfAbsent(font, f -> new HashMap<>());
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (cp == '\t' || cp == '\n' || cp == '\r') {
                b.append(' ');
                return;
              }
              boolean ok =
                  cache.computeIfAbsent(
                      cp,
                      c -> {
                        if (Character.isISOControl(c)) {
                          return false;
                        }
                        try {
                          font.encode(new String(Character.toChars(c)));
                          return true;
                        } catch (IOException | IllegalArgumentException e) {
                          return false;
                        }
                      });
              b.append(ok ? new String(Character.toChars(cp)) : "?");
            });
    return b.toString();
  }

  float width(PDFont font, float size, String s) {
    try {
      return font.getStringWidth(clean(font, s)) / 1000f * size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void text(
      PDPageContentStream cs, PDFont font, float size, Color color, float x, float y, String s)
      throws IOException {
    cs.beginText();
    cs.setFont(font, size);
    cs.setNonStrokingColor(color);
    cs.newLineAtOffset(x, y);
    cs.showText(clean(font, s));
    cs.endText();
  }

  void textCentered(
      PDPageContentStream cs, PDFont font, float size, Color color, float cx, float y, String s)
      throws IOException {
    text(cs, font, size, color, cx - width(font, size, s) / 2, y, s);
  }

  void textRight(
      PDPageContentStream cs, PDFont font, float size, Color color, float right, float y, String s)
      throws IOException {
    text(cs, font, size, color, right - width(font, size, s), y, s);
  }

  /** Text turned 90° counter-clockwise, centred on (x, cy): y-axis labels. */
  void textVertical(
      PDPageContentStream cs, PDFont font, float size, Color color, float x, float cy, String s)
      throws IOException {
    cs.beginText();
    cs.setFont(font, size);
    cs.setNonStrokingColor(color);
    cs.setTextMatrix(Matrix.getRotateInstance(Math.PI / 2, x, cy - width(font, size, s) / 2));
    cs.showText(clean(font, s));
    cs.endText();
  }

  /** Greedy word wrap to {@code maxWidth}; words longer than a line are broken. */
  List<String> wrap(PDFont font, float size, String text, float maxWidth) {
    List<String> lines = new ArrayList<>();
    for (String paragraph : text.split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      for (String word : paragraph.split(" +")) {
        if (word.isEmpty()) {
          continue;
        }
        String candidate = line.length() == 0 ? word : line + " " + word;
        if (width(font, size, candidate) <= maxWidth) {
          line.setLength(0);
          line.append(candidate);
          continue;
        }
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        while (width(font, size, word) > maxWidth && word.length() > 1) {
          int cut = word.length() - 1;
          while (cut > 1 && width(font, size, word.substring(0, cut)) > maxWidth) {
            cut--;
          }
          lines.add(word.substring(0, cut));
          word = word.substring(cut);
        }
        line.append(word);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  static Color rgb(int rgb) {
    return new Color(rgb);
  }

  /** A filled circle of radius r at (x, y), from four Bézier quarter arcs. */
  static void circle(PDPageContentStream cs, float x, float y, float r) throws IOException {
    float k = 0.5523f * r;
    cs.moveTo(x + r, y);
    cs.curveTo(x + r, y + k, x + k, y + r, x, y + r);
    cs.curveTo(x - k, y + r, x - r, y + k, x - r, y);
    cs.curveTo(x - r, y - k, x - k, y - r, x, y - r);
    cs.curveTo(x + k, y - r, x + r, y - k, x + r, y);
    cs.fill();
  }
}
