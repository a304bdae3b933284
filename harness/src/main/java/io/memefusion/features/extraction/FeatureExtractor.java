package io.memefusion.features.extraction;

import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.FeatureSetRef;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.SkippedImage;
import io.memefusion.features.SplitFeatures;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.cache.FeatureCache;
import io.memefusion.features.image.ImagePipeline;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Turns every split of a dataset into cached features: text through a {@link TextEncoder} (one row
 * per meme), images through an {@link ImageEncoder} (one row per readable image; the rest counted
 * and reported). A split whose content, model and preprocessing are unchanged is loaded from the
 * {@link FeatureCache} instead of recomputed.
 */
public final class FeatureExtractor {
  private final FeatureCache cache;
  private final EncoderOptions options;

  public FeatureExtractor(FeatureCache cache, EncoderOptions options) {
    this.cache = cache;
    this.options = options;
  }

  /** Embeds all splits; either encoder may be null (that modality is skipped). */
  public EmbeddedDataset embed(
      Dataset dataset, TextEncoder text, ImageEncoder image, Progress progress) {
    if (text == null && image == null) {
      throw new IllegalArgumentException("embed needs a text or an image encoder");
    }
    List<String> notes = new ArrayList<>();
    List<SplitFeatures> out = new ArrayList<>();
    List<FeatureSetRef> sets = new ArrayList<>();
    for (Split split : dataset.splits()) {
      Obtained t = text == null ? Obtained.NONE : obtainText(text, split, progress, notes, sets);
      Obtained i =
          image == null
              ? Obtained.NONE
              : obtainImages(image, dataset, split, progress, notes, sets);
      out.add(
          new SplitFeatures(
              split.name(),
              t.matrix(),
              i.matrix(),
              i.skipped(),
              t.cached(),
              i.cached(),
              t.seconds(),
              i.seconds()));
    }
    addEncoderNotes(text, image, notes);
    return new EmbeddedDataset(dataset, info(text), info(image), out, notes, sets);
  }

  /** One modality's features of a split, from the cache or computed, and the time it took. */
  private record Obtained(
      FeatureMatrix matrix, List<SkippedImage> skipped, boolean cached, double seconds) {
    static final Obtained NONE = new Obtained(null, List.of(), false, 0);
  }

  /** A split's text features; cache notes go to {@code notes}, the feature set to {@code sets}. */
  private Obtained obtainText(
      TextEncoder text,
      Split split,
      Progress progress,
      List<String> notes,
      List<FeatureSetRef> sets) {
    long t0 = System.nanoTime();
    FeatureCache.Key key = new FeatureCache.Key(text.info(), split.name(), textHash(split));
    FeatureCache.Hit hit =
        cache.obtain(
            key,
            notes::add,
            () -> {
              long c0 = System.nanoTime();
              return new FeatureCache.Computed(
                  encodeText(text, split, progress), List.of(), seconds(c0));
            });
    boolean textCached = !hit.computed();
    if (textCached) {
      progress.start("text " + split.name(), split.memes().size(), "texts");
      progress.advance(split.memes().size());
      progress.done("from cache");
    }
    sets.add(hit.ref());
    return new Obtained(hit.matrix(), List.of(), textCached, seconds(t0));
  }

  /** A split's image features; cache notes go to {@code notes}, the feature set to {@code sets}. */
  private Obtained obtainImages(
      ImageEncoder image,
      Dataset dataset,
      Split split,
      Progress progress,
      List<String> notes,
      List<FeatureSetRef> sets) {
    long t0 = System.nanoTime();
    FeatureCache.Key key =
        new FeatureCache.Key(image.info(), split.name(), imageHash(dataset, split));
    FeatureCache.Hit hit =
        cache.obtain(
            key,
            notes::add,
            () -> {
              long c0 = System.nanoTime();
              ImagePipeline.Output o = encodeImages(image, dataset, split, progress);
              return new FeatureCache.Computed(o.features(), o.skipped(), seconds(c0));
            });
    List<SkippedImage> skipped = hit.skipped();
    boolean imageCached = !hit.computed();
    if (imageCached) {
      progress.start("images " + split.name(), split.memes().size(), "images");
      progress.advance(split.memes().size());
      progress.done("from cache" + skippedSummary(skipped));
    }
    sets.add(hit.ref());
    return new Obtained(hit.matrix(), skipped, imageCached, seconds(t0));
  }

  private static void addEncoderNotes(TextEncoder text, ImageEncoder image, List<String> notes) {
    if (text != null) {
      notes.addAll(text.notes());
    }
    if (image != null) {
      notes.addAll(image.notes());
    }
    for (EncoderInfo e : new EncoderInfo[] {info(text), info(image)}) {
      if (e != null && !e.note().isEmpty()) {
        notes.add(e.modelId() + ": " + e.note());
      }
    }
  }

  private FeatureMatrix encodeText(TextEncoder text, Split split, Progress progress) {
    List<Meme> memes = split.memes();
    progress.start("text " + split.name(), memes.size(), "texts");
    long t0 = System.nanoTime();
    float[] values = text.encode(memes.stream().map(Meme::text).toList(), progress);
    progress.done(rate(memes.size(), seconds(t0), "texts"));
    return memes.isEmpty()
        ? new FeatureMatrix(List.of(), text.info().dim(), new float[0])
        : new FeatureMatrix(memes.stream().map(Meme::id).toList(), text.info().dim(), values);
  }

  private ImagePipeline.Output encodeImages(
      ImageEncoder image, Dataset dataset, Split split, Progress progress) {
    List<ImagePipeline.Item> items = new ArrayList<>();
    for (Meme m : split.memes()) {
      items.add(new ImagePipeline.Item(m.id(), m.img(), dataset.imagePath(m)));
    }
    progress.start("images " + split.name(), items.size(), "images");
    long t0 = System.nanoTime();
    ImagePipeline.Output o =
        ImagePipeline.run(items, image, options.imageBatch(), options.decodeThreads(), progress);
    progress.done(rate(o.features().rows(), seconds(t0), "images") + skippedSummary(o.skipped()));
    return o;
  }

  /** Hash of what the text encoder reads: ids and texts, in order. */
  public static String textHash(Split split) {
    MessageDigest md = sha256();
    for (Meme m : split.memes()) {
      md.update((m.id() + "\t" + m.text() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Hash of what the image encoder reads: ids, image paths, and each file's size and modification
   * time (hashing every image's bytes on each run would cost more than a warm cache saves).
   */
  public static String imageHash(Dataset dataset, Split split) {
    MessageDigest md = sha256();
    for (Meme m : split.memes()) {
      Path p = dataset.imagePath(m);
      String stamp;
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        stamp = a.size() + "@" + a.lastModifiedTime().toMillis();
      } catch (IOException e) {
        stamp = "missing";
      }
      md.update((m.id() + "\t" + m.img() + "\t" + stamp + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String skippedSummary(List<SkippedImage> skipped) {
    if (skipped.isEmpty()) {
      return "";
    }
    long missing = skipped.stream().filter(s -> s.reason() == SkippedImage.Reason.MISSING).count();
    return String.format(
        Locale.ROOT,
        "; left out %d image(s): %d missing, %d unreadable (first: %s %s)",
        skipped.size(),
        missing,
        skipped.size() - missing,
        skipped.get(0).memeId(),
        skipped.get(0).image());
  }

  private static String rate(int n, double seconds, String unit) {
    return String.format(Locale.ROOT, "%.1f %s/s", n / Math.max(seconds, 1e-9), unit);
  }

  private static EncoderInfo info(Object encoder) {
    if (encoder instanceof TextEncoder t) {
      return t.info();
    }
    if (encoder instanceof ImageEncoder i) {
      return i.info();
    }
    return null;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
