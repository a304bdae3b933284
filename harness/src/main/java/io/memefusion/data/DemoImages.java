package io.memefusion.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws the demo memes. An image concept is a large, distinct visual property that even a ResNet
 * with random weights keeps after global average pooling: the background colour (hue, saturation,
 * brightness) and the kind of one big shape. Jitter (shades, position, size, rotation) and small
 * distractor shapes keep the pictures of a concept from being identical; the caption is drawn on
 * top in the white, black-outlined style of memes.
 */
final class DemoImages {
  /** Background (hue, saturation, brightness) per image concept; far apart in colour space. */
  private static final float[][] BACKGROUND = {
    {0.00f, 0.75f, 0.85f}, // red
    {0.33f, 0.60f, 0.70f}, // green
    {0.61f, 0.70f, 0.85f}, // blue
    {0.15f, 0.80f, 0.95f}, // yellow
    {0.78f, 0.55f, 0.55f}, // dark purple
    {0.50f, 0.60f, 0.85f}, // cyan
    {0.08f, 0.50f, 0.50f}, // brown
    {0.92f, 0.30f, 0.97f}, // light pink
  };

  private enum ShapeKind {
    CIRCLE,
    SQUARE,
    TRIANGLE,
    STAR,
    RING,
    CROSS,
    DIAMOND,
    STRIPES
  }

  static final int CONCEPTS = BACKGROUND.length;

  private DemoImages() {}

  /** The picture of one concept (without caption); the same seed draws the same picture. */
  static BufferedImage picture(int concept, long seed, int width, int height) {
    Random r = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      float[] hsb = BACKGROUND[concept];
      Color top = jitter(hsb, r, 0.02f, 0.08f);
      Color bottom = jitter(hsb, r, 0.02f, 0.08f).darker();
      g.setPaint(new GradientPaint(0, 0, top, 0, height, bottom));
      g.fillRect(0, 0, width, height);
      // distractors: small shapes of any kind and colour
      int distractors = 2 + r.nextInt(4);
      for (int i = 0; i < distractors; i++) {
        double size = Math.min(width, height) * (0.06 + 0.08 * r.nextDouble());
        g.setColor(Color.getHSBColor(r.nextFloat(), 0.3f + 0.5f * r.nextFloat(), 0.9f));
        g.fill(
            shape(
                ShapeKind.values()[r.nextInt(ShapeKind.values().length)],
                width * r.nextDouble(),
                height * r.nextDouble(),
                size,
                r.nextDouble() * Math.PI));
      }
      // the concept's big shape, in a contrasting colour
      double size = Math.min(width, height) * (0.45 + 0.2 * r.nextDouble());
      double cx = width * (0.4 + 0.2 * r.nextDouble());
      double cy = height * (0.4 + 0.2 * r.nextDouble());
      float[] shapeHsb = {(hsb[0] + 0.5f) % 1f, 0.35f, hsb[2] > 0.7f ? 0.18f : 0.97f};
      g.setColor(jitter(shapeHsb, r, 0.03f, 0.05f));
      g.fill(shape(ShapeKind.values()[concept], cx, cy, size, (r.nextDouble() - 0.5) * 0.6));
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Draws {@code caption} on {@code image} like a meme: top, and bottom when it is long. */
  static void caption(BufferedImage image, String caption) {
    int width = image.getWidth();
    int height = image.getHeight();
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, width / 13));
      g.setFont(font);
      FontMetrics metrics = g.getFontMetrics();
      List<String> lines = wrap(caption.toUpperCase(java.util.Locale.ROOT), metrics, width - 16);
      int lineHeight = metrics.getAscent() + metrics.getDescent();
      int topLines = lines.size() <= 2 ? lines.size() : (lines.size() + 1) / 2;
      float stroke = Math.max(2f, font.getSize2D() / 8f);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int baseline =
            i < topLines
                ? 6 + metrics.getAscent() + i * lineHeight
                : height - 8 - metrics.getDescent() - (lines.size() - 1 - i) * lineHeight;
        TextLayout layout = new TextLayout(line, font, g.getFontRenderContext());
        float x = (width - layout.getAdvance()) / 2f;
        Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(x, baseline));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(outline);
        g.setColor(Color.WHITE);
        g.fill(outline);
      }
    } finally {
      g.dispose();
    }
  }

  private static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (line.length() > 0 && metrics.stringWidth(candidate) > maxWidth) {
        lines.add(line.toString());
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(candidate);
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  private static Color jitter(float[] hsb, Random r, float hue, float other) {
    float h = (hsb[0] + (r.nextFloat() * 2 - 1) * hue + 1f) % 1f;
    float s = clamp(hsb[1] + (r.nextFloat() * 2 - 1) * other);
    float b = clamp(hsb[2] + (r.nextFloat() * 2 - 1) * other);
    return Color.getHSBColor(h, s, b);
  }

  private static float clamp(float v) {
    return Math.max(0f, Math.min(1f, v));
  }

  private static Shape shape(ShapeKind kind, double cx, double cy, double size, double angle) {
    double h = size / 2;
    Shape s;
    switch (kind) {
      case CIRCLE:
        s = new Ellipse2D.Double(cx - h, cy - h, size, size);
        break;
      case SQUARE:
        s = new Rectangle2D.Double(cx - h * 0.85, cy - h * 0.85, size * 0.85, size * 0.85);
        break;
      case TRIANGLE:
        s = polygon(cx, cy, h, 3, 0);
        break;
      case STAR:
        s = star(cx, cy, h, h * 0.45, 5);
        break;
      case RING:
        Area ring = new Area(new Ellipse2D.Double(cx - h, cy - h, size, size));
        ring.subtract(new Area(new Ellipse2D.Double(cx - h * 0.6, cy - h * 0.6, h * 1.2, h * 1.2)));
        s = ring;
        break;
      case CROSS:
        Area cross = new Area(new Rectangle2D.Double(cx - h, cy - h * 0.25, size, h * 0.5));
        cross.add(new Area(new Rectangle2D.Double(cx - h * 0.25, cy - h, h * 0.5, size)));
        s = cross;
        break;
      case DIAMOND:
        s = polygon(cx, cy, h, 4, Math.PI / 4);
        break;
      case STRIPES:
        Area stripes = new Area();
        for (int i = 0; i < 4; i++) {
          stripes.add(
              new Area(new Rectangle2D.Double(cx - h, cy - h + i * size / 4, size, size / 8)));
        }
        s = stripes;
        break;
      default:
        throw new IllegalArgumentException("shape " + kind);
    }
    return AffineTransform.getRotateInstance(angle, cx, cy).createTransformedShape(s);
  }

  private static Shape polygon(double cx, double cy, double radius, int corners, double phase) {
    Polygon p = new Polygon();
    for (int i = 0; i < corners; i++) {
      double a = phase - Math.PI / 2 + 2 * Math.PI * i / corners;
      p.addPoint(
          (int) Math.round(cx + radius * Math.cos(a)), (int) Math.round(cy + radius * Math.sin(a)));
    }
    return p;
  }

  private static Shape star(double cx, double cy, double outer, double inner, int points) {
    Polygon p = new Polygon();
    for (int i = 0; i < points * 2; i++) {
      double radius = i % 2 == 0 ? outer : inner;
      double a = -Math.PI / 2 + Math.PI * i / points;
      p.addPoint(
          (int) Math.round(cx + radius * Math.cos(a)), (int) Math.round(cy + radius * Math.sin(a)));
    }
    return p;
  }
}
