package io.memefusion.bench;

import io.memefusion.data.DemoDataset;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Memes for the extraction benchmark: the demo dataset's captions and picture sizes (0.8–1.25 times
 * {@code imageSize}), drawn as photo-like PNGs — gradient, shapes, per-pixel sensor noise, caption
 * — so that files and decode times are those of real memes (hundreds of KB), not of flat drawings.
 */
final class SyntheticMemes {
  private SyntheticMemes() {}

  record Meme(String id, String text, Path image) {}

  /**
   * Texts as long as real Hateful Memes captions: the demo captions are short (about 6 words), real
   * ones run 11.7 words on average (median 10; 5th and 95th percentiles 4 and 24, measured on the
   * 8,500 train captions), and sequence length drives BERT's speed. Each text strings together
   * captions of the following memes until it reaches a word count drawn from a log-normal with that
   * median and spread (σ = 0.56), at least 3 words.
   */
  static List<String> realisticTexts(int n, long seed) {
    List<DemoDataset.DemoMeme> memes =
        DemoDataset.plan(new DemoDataset.Config(Math.max(20, n), seed, 64)).memes();
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int target = (int) Math.max(3, Math.round(10 * Math.exp(0.56 * gaussian(rng))));
      List<String> words = new ArrayList<>();
      for (int j = i; words.size() < target; j++) {
        for (String w : memes.get(j % memes.size()).text().trim().split("\\s+")) {
          if (words.size() < target) {
            words.add(w);
          }
        }
      }
      texts.add(String.join(" ", words));
    }
    return texts;
  }

  /** A standard normal draw (Box–Muller). */
  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  static List<Meme> write(Path dir, int n, int imageSize, long seed, int threads) {
    DemoDataset.Plan plan =
        DemoDataset.plan(new DemoDataset.Config(Math.max(20, n), seed, imageSize));
    List<DemoDataset.DemoMeme> memes = plan.memes().subList(0, n);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      Files.createDirectories(dir);
      List<Future<Meme>> futures = new ArrayList<>();
      for (DemoDataset.DemoMeme m : memes) {
        DemoDataset.Picture p = plan.pictures().get(m.picture());
        futures.add(
            pool.submit(
                () -> {
                  Path file = dir.resolve(m.id() + ".png");
                  ImageIO.write(
                      draw(p.width(), p.height(), p.seed() ^ m.id().hashCode(), m.text()),
                      "png",
                      file.toFile());
                  return new Meme(m.id(), m.text(), file);
                }));
      }
      List<Meme> out = new ArrayList<>();
      for (Future<Meme> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot draw the benchmark memes", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static BufferedImage draw(int w, int h, long seed, String caption) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new GradientPaint(
            0, 0, new Color(r.nextInt(0xFFFFFF)), w, h, new Color(r.nextInt(0xFFFFFF))));
    g.fillRect(0, 0, w, h);
    for (int i = 0; i < 25; i++) {
      g.setColor(new Color(r.nextInt(0xFFFFFF)));
      int s = 10 + r.nextInt(Math.max(11, Math.min(w, h) / 3));
      if (r.nextBoolean()) {
        g.fillOval(r.nextInt(w), r.nextInt(h), s, s);
      } else {
        g.fillRect(r.nextInt(w), r.nextInt(h), s, s / 2 + 1);
      }
    }
    int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < px.length; i++) {
      int n = r.nextInt(17) - 8; // sensor noise: keeps PNG sizes photo-like
      int red = clamp(((px[i] >> 16) & 0xFF) + n);
      int green = clamp(((px[i] >> 8) & 0xFF) + n);
      int blue = clamp((px[i] & 0xFF) + n);
      px[i] = (red << 16) | (green << 8) | blue;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, w / 14)));
    String top = caption.toUpperCase(Locale.ROOT);
    int x = Math.max(4, (w - g.getFontMetrics().stringWidth(top)) / 2);
    int y = g.getFontMetrics().getAscent() + 8;
    g.setStroke(new BasicStroke(3));
    g.setColor(Color.BLACK);
    g.drawString(top, x + 2, y + 2);
    g.setColor(Color.WHITE);
    g.drawString(top, x, y);
    g.dispose();
    return img;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
