package io.memefusion.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.progress.Progress;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A deterministic synthetic Hateful Memes dataset in the real layout ({@code img/<id>.png}, {@code
 * train.jsonl}, {@code dev_seen.jsonl}, {@code test_seen.jsonl}; lines {@code {"id", "img",
 * "label", "text"}} with 5-digit ids), built so that, as in the real benchmark, neither modality
 * alone can solve it. The same {@link Config} always gives byte-identical files.
 *
 * <p>How labels are generated. There are 8 caption concepts (words of one theme filled into
 * meme-like templates shared by all themes; see {@code DemoCaptions}) and 8 image concepts (a
 * background colour plus the kind of one big shape; see {@code DemoImages}), numbered so that:
 *
 * <ul>
 *   <li>concepts 0–3 are <b>pair</b> concepts: caption concept k on image concept k is hateful;
 *   <li>caption concepts 4–5 are hateful whatever the image (hateful from the text alone);
 *   <li>image concepts 4–5 are hateful whatever the caption (hateful from the image alone);
 *   <li>concepts 6–7 are neutral.
 * </ul>
 *
 * {@code label = textHateful(t) || imageHateful(v) || (t == v && t < 4)}. Each split mixes six
 * {@link Kind kinds} of memes: of the hateful ones a third text-hateful, a sixth image-hateful and
 * half pairs; of the benign ones 35% text confounders (pair caption k on another non-hateful
 * image), 35% image confounders (pair image k under another non-hateful caption) and 30% neutral.
 * Train is 35% hateful, dev and test 50% (as in the real splits); split sizes are 60/20/20.
 * Captions come from a small pool per concept and base pictures from a small pool per image
 * concept, so the same caption recurs verbatim on different images with both labels, and the same
 * picture recurs under different captions with both labels: the benign confounders. A text-only or
 * image-only model can therefore not separate pairs from their confounders, a model of the pair
 * can; an additive (late fusion) model cannot express "k with k" and errs on confounders.
 *
 * <p>The concepts are chosen to survive frozen encoders with no training on this data: captions
 * differ in words (BERT, or a random BERT-like graph in tests, separates them), pictures differ in
 * large colour areas and shape (kept by a random-weight ResNet's global average pooling).
 */
public final class DemoDataset {
  /** Files a demo folder has; used to recognise (and overwrite) an earlier demo. */
  static final String MARKER = "demo.json";

  static final List<String> SPLITS = List.of("train", "dev_seen", "test_seen");
  private static final int PAIRS = 4;

  /** What a demo meme is made of; the label follows from its concepts. */
  public enum Kind {
    TEXT_HATEFUL,
    IMAGE_HATEFUL,
    PAIR_HATEFUL,
    TEXT_CONFOUNDER,
    IMAGE_CONFOUNDER,
    NEUTRAL
  }

  /**
   * Size and seed of a demo dataset; {@code imageSize} is the typical side in pixels (each
   * picture's sides vary between 0.8 and 1.25 times it).
   */
  public record Config(int n, long seed, int imageSize) {
    public Config {
      if (n < 20 || n > 50_000) {
        throw new IllegalArgumentException("demo size n must be in 20..50000, got " + n);
      }
      if (imageSize < 64 || imageSize > 2048) {
        throw new IllegalArgumentException("demo image size must be in 64..2048, got " + imageSize);
      }
    }

    /** 1000 memes, seed 42, pictures of about 320 px (256–400). */
    public static Config defaults() {
      return new Config(1000, 42, 320);
    }
  }

  /** One base picture: drawn from its seed, shared by every meme that uses it. */
  public record Picture(int concept, long seed, int width, int height) {}

  /** One planned meme with the concepts that made its label. */
  public record DemoMeme(
      String id,
      String split,
      Kind kind,
      int textConcept,
      int imageConcept,
      int picture,
      String text,
      int label) {
    public String img() {
      return "img/" + id + ".png";
    }
  }

  /** Everything about a demo dataset except the pixels. */
  public record Plan(Config config, List<Picture> pictures, List<DemoMeme> memes) {
    public Plan {
      pictures = List.copyOf(pictures);
      memes = List.copyOf(memes);
    }

    public List<DemoMeme> split(String name) {
      return memes.stream().filter(m -> m.split().equals(name)).toList();
    }
  }

  private DemoDataset() {}

  /** True when a meme with caption concept {@code t} on image concept {@code v} is hateful. */
  public static boolean hateful(int t, int v) {
    return t == 4 || t == 5 || v == 4 || v == 5 || (t == v && t < PAIRS);
  }

  /** Plans the dataset of {@code config}: ids, concepts, captions, labels; no pixels. */
  public static Plan plan(Config config) {
    Random r = new Random(config.seed());
    int pool = Math.max(6, Math.min(40, Math.round(config.n() / 60f)));
    List<List<String>> captions = new ArrayList<>();
    for (int c = 0; c < DemoCaptions.CONCEPTS; c++) {
      captions.add(DemoCaptions.pool(c, pool, r));
    }
    List<Picture> pictures = new ArrayList<>();
    for (int c = 0; c < DemoImages.CONCEPTS; c++) {
      for (int i = 0; i < pool; i++) {
        int w = (int) Math.round(config.imageSize() * (0.8 + 0.45 * r.nextDouble()));
        int h = (int) Math.round(config.imageSize() * (0.8 + 0.45 * r.nextDouble()));
        pictures.add(new Picture(c, r.nextLong(), w, h));
      }
    }
    Set<Integer> idSet = new LinkedHashSet<>();
    while (idSet.size() < config.n()) {
      idSet.add(1000 + r.nextInt(99_000)); // 5 digits, some with a leading zero as in the real data
    }
    List<Integer> ids = new ArrayList<>(idSet);
    int train = Math.round(config.n() * 0.6f);
    int dev = Math.round(config.n() * 0.2f);
    int[] sizes = {train, dev, config.n() - train - dev};
    List<DemoMeme> memes = new ArrayList<>();
    int next = 0;
    for (int s = 0; s < SPLITS.size(); s++) {
      List<Kind> kinds = kinds(sizes[s], s == 0 ? 0.35 : 0.5);
      Collections.shuffle(kinds, r);
      for (Kind kind : kinds) {
        int[] tv = concepts(kind, r);
        int t = tv[0];
        int v = tv[1];
        List<String> pooled = captions.get(t);
        String text = pooled.get(r.nextInt(pooled.size()));
        int picture = v * pool + r.nextInt(pool);
        String id = String.format(Locale.ROOT, "%05d", ids.get(next++));
        memes.add(
            new DemoMeme(id, SPLITS.get(s), kind, t, v, picture, text, hateful(t, v) ? 1 : 0));
      }
    }
    return new Plan(config, pictures, memes);
  }

  /** How many memes of each kind a split of {@code size} gets. */
  private static List<Kind> kinds(int size, double hatefulShare) {
    int hateful = (int) Math.round(size * hatefulShare);
    int textHateful = (int) Math.round(hateful / 3.0);
    int imageHateful = (int) Math.round(hateful / 6.0);
    int benign = size - hateful;
    int textConfounders = (int) Math.round(benign * 0.35);
    int imageConfounders = (int) Math.round(benign * 0.35);
    List<Kind> kinds = new ArrayList<>(size);
    kinds.addAll(Collections.nCopies(textHateful, Kind.TEXT_HATEFUL));
    kinds.addAll(Collections.nCopies(imageHateful, Kind.IMAGE_HATEFUL));
    kinds.addAll(Collections.nCopies(hateful - textHateful - imageHateful, Kind.PAIR_HATEFUL));
    kinds.addAll(Collections.nCopies(textConfounders, Kind.TEXT_CONFOUNDER));
    kinds.addAll(Collections.nCopies(imageConfounders, Kind.IMAGE_CONFOUNDER));
    kinds.addAll(Collections.nCopies(benign - textConfounders - imageConfounders, Kind.NEUTRAL));
    return kinds;
  }

  /** Caption concept and image concept {t, v} for a meme of {@code kind}. */
  private static int[] concepts(Kind kind, Random r) {
    int[] benign = {0, 1, 2, 3, 6, 7}; // concepts that are not hateful on their own
    int k = r.nextInt(PAIRS);
    switch (kind) {
      case TEXT_HATEFUL:
        return new int[] {4 + r.nextInt(2), benign[r.nextInt(benign.length)]};
      case IMAGE_HATEFUL:
        return new int[] {benign[r.nextInt(benign.length)], 4 + r.nextInt(2)};
      case PAIR_HATEFUL:
        return new int[] {k, k};
      case TEXT_CONFOUNDER:
        return new int[] {k, other(benign, k, r)};
      case IMAGE_CONFOUNDER:
        return new int[] {other(benign, k, r), k};
      case NEUTRAL:
        return new int[] {6 + r.nextInt(2), 6 + r.nextInt(2)};
      default:
        throw new IllegalArgumentException("kind " + kind);
    }
  }

  private static int other(int[] choices, int not, Random r) {
    int c;
    do {
      c = choices[r.nextInt(choices.length)];
    } while (c == not);
    return c;
  }

  /**
   * Writes the dataset of {@code config} into {@code out}: images drawn in {@code threads} threads,
   * then the jsonl splits and {@code demo.json} (the config and each meme's kind). An earlier demo
   * there is replaced; a folder holding anything else is refused.
   */
  public static Plan write(Path out, Config config, int threads, Progress progress) {
    Plan plan = plan(config);
    Path root = out.toAbsolutePath().normalize();
    try {
      prepare(root);
      Path img = Files.createDirectories(root.resolve("img"));
      renderAll(plan, img, threads, progress);
      ObjectMapper json = new ObjectMapper();
      for (String split : SPLITS) {
        try (BufferedWriter w =
            Files.newBufferedWriter(root.resolve(split + ".jsonl"), StandardCharsets.UTF_8)) {
          for (DemoMeme m : plan.split(split)) {
            ObjectNode line = json.createObjectNode();
            line.put("id", m.id())
                .put("img", m.img())
                .put("label", m.label())
                .put("text", m.text());
            w.write(json.writeValueAsString(line));
            w.write('\n');
          }
        }
      }
      ObjectNode marker = json.createObjectNode();
      marker.put("generator", "memefusion data demo").put("version", 1);
      marker.put("n", config.n()).put("seed", config.seed()).put("imageSize", config.imageSize());
      ObjectNode kinds = marker.putObject("kinds");
      plan.memes().forEach(m -> kinds.put(m.id(), m.kind().name()));
      json.writerWithDefaultPrettyPrinter().writeValue(root.resolve(MARKER).toFile(), marker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo dataset to " + root, e);
    }
    return plan;
  }

  /** Refuses a non-empty folder that is not a demo; clears the files of an earlier demo. */
  private static void prepare(Path root) throws IOException {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new UserException(root + " exists and is not a folder");
    }
    if (!Files.isDirectory(root)) {
      Files.createDirectories(root);
      return;
    }
    boolean empty;
    try (Stream<Path> entries = Files.list(root)) {
      empty = entries.findAny().isEmpty();
    }
    if (empty) {
      return;
    }
    if (!Files.isRegularFile(root.resolve(MARKER))) {
      throw new UserException(
          root + " is not empty and holds no demo dataset; choose an empty or new folder");
    }
    Path img = root.resolve("img");
    if (Files.isDirectory(img)) {
      try (Stream<Path> files = Files.list(img)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          if (p.getFileName().toString().endsWith(".png")) {
            Files.delete(p);
          }
        }
      }
    }
    for (String split : SPLITS) {
      Files.deleteIfExists(root.resolve(split + ".jsonl"));
    }
    Files.delete(root.resolve(MARKER));
  }

  private static void renderAll(Plan plan, Path img, int threads, Progress progress)
      throws IOException {
    progress.start("drawing demo memes", plan.memes().size(), "images");
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (DemoMeme m : plan.memes()) {
        futures.add(
            pool.submit(
                () -> {
                  Picture p = plan.pictures().get(m.picture());
                  BufferedImage image =
                      DemoImages.picture(p.concept(), p.seed(), p.width(), p.height());
                  DemoImages.caption(image, m.text());
                  if (!ImageIO.write(image, "png", img.resolve(m.id() + ".png").toFile())) {
                    throw new IOException("no PNG writer in this Java runtime");
                  }
                  progress.advance(1);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while drawing the demo images", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IllegalStateException("drawing a demo image failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
    progress.done(plan.memes().size() + " images in " + img);
  }
}
