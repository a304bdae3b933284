package io.memefusion.features.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNGs drawn for tests. */
public final class TestImages {
  private TestImages() {}

  /** A PNG of one colour, in the given BufferedImage type (palette, grey, ARGB, ...). */
  public static Path solid(Path file, int width, int height, int type, Color color) {
    BufferedImage img = new BufferedImage(width, height, type);
    Graphics2D g = img.createGraphics();
    g.setComposite(java.awt.AlphaComposite.Src); // keep the colour's alpha as it is
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return write(img, file);
  }

  /** Three vertical bands: left quarter red, middle half green, right quarter blue. */
  public static Path bands(Path file, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 4, height);
    g.setColor(Color.GREEN);
    g.fillRect(width / 4, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 4 + width / 2, 0, width - width / 4 - width / 2, height);
    g.dispose();
    return write(img, file);
  }

  /** A busy picture (gradient, shapes, text) seeded for repeatability. */
  public static Path picture(Path file, int width, int height, long seed) {
    java.util.Random r = new java.util.Random(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(
        new java.awt.GradientPaint(
            0, 0, new Color(r.nextInt(0xFFFFFF)), width, height, new Color(r.nextInt(0xFFFFFF))));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 12; i++) {
      g.setColor(new Color(r.nextInt(0xFFFFFF)));
      g.fillOval(
          r.nextInt(width), r.nextInt(height), 5 + r.nextInt(width / 2), 5 + r.nextInt(height / 2));
    }
    g.dispose();
    return write(img, file);
  }

  static Path write(BufferedImage img, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!ImageIO.write(img, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer for image type " + img.getType());
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
