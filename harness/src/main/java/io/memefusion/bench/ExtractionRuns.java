package io.memefusion.bench;

import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.image.ImageDecoder;
import io.memefusion.features.image.ImagePipeline;
import io.memefusion.features.tf.ClipTextEncoder;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.features.tf.SavedModelImageEncoder;
import io.memefusion.features.tf.SavedModelTextEncoder;
import io.memefusion.progress.Progress;
import java.util.List;

/** One timed path of the extraction benchmark: load, warm up untimed, then time one pass. */
final class ExtractionRuns {
  private final Progress progress;

  ExtractionRuns(Progress progress) {
    this.progress = progress;
  }

  record TextRun(
      int count,
      double seconds,
      long tokens,
      double usefulFlops,
      float[] features,
      List<String> notes) {
    double rate() {
      return count / seconds;
    }
  }

  record ImageRun(int count, double seconds, FeatureMatrix features) {
    double rate() {
      return count / seconds;
    }
  }

  /** Timed rounds per path; each path's rate is its best round (robust to a busy moment). */
  static final int ROUNDS = 3;

  /**
   * The naive path ({@code options.padTo() > 0}) times three thirds of {@code texts}, the pipeline
   * three passes over all of them; either way after loading and an untimed warm-up (two texts for
   * the naive path's one shape, one pass for the pipeline so each batch shape has been seen once,
   * as early in a long run).
   */
  TextRun text(BenchTextModel tm, EncoderOptions options, List<String> texts) {
    boolean naive = options.padTo() > 0;
    boolean clip = ClipTextEncoder.isClipText(tm.dir());
    try (TextEncoder enc =
        clip
            ? ClipTextEncoder.open(tm.id(), tm.dir(), "bench", tm.pretrained(), "", options)
            : SavedModelTextEncoder.open(
                tm.id(), tm.dir(), "bench", tm.pretrained(), "", tm.lowerCase(), options)) {
      enc.encode(naive ? texts.subList(0, 2) : texts, Progress.NONE);
      progress.start(
          "text " + (naive ? "naive" : options.bf16() ? "bf16" : "fp32"),
          naive ? texts.size() : (long) ROUNDS * texts.size(),
          "texts");
      TextRun best = null;
      for (List<String> round : rounds(texts, naive)) {
        long t0 = System.nanoTime();
        float[] features = enc.encode(round, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<int[]> tokens =
            clip
                ? ((ClipTextEncoder) enc).tokenize(round).ids()
                : ((SavedModelTextEncoder) enc).tokenize(round);
        TextRun run =
            new TextRun(
                round.size(),
                seconds,
                tokens.stream().mapToLong(t -> t.length).sum(),
                tokens.stream()
                    .mapToDouble(
                        t ->
                            clip
                                ? ((ClipTextEncoder) enc).flops(t.length)
                                : bertBaseFlops(t.length))
                    .sum(),
                features,
                enc.notes());
        best = best == null || run.rate() > best.rate() ? run : best;
      }
      progress.done("");
      return best;
    }
  }

  /** As {@link #text}: {@code batch == 1} is the naive path (decoded inline, one per run). */
  ImageRun images(
      EncoderRegistry.Resolved model,
      ImagePreprocessing pre,
      EncoderOptions options,
      List<ImagePipeline.Item> items,
      int batch,
      int threads) {
    boolean naive = batch == 1;
    boolean pretrained = model.entry() == null || model.entry().pretrained();
    try (SavedModelImageEncoder enc =
        SavedModelImageEncoder.open(
            model.id(), model.dir(), "bench", pretrained, "", pre, options)) {
      ImagePipeline.run(naive ? items.subList(0, 2) : items, enc, batch, threads, Progress.NONE);
      progress.start(
          "images " + (naive ? "naive" : options.bf16() ? "bf16" : "fp32"),
          naive ? items.size() : (long) ROUNDS * items.size(),
          "images");
      ImageRun best = null;
      for (List<ImagePipeline.Item> round : rounds(items, naive)) {
        long t0 = System.nanoTime();
        ImagePipeline.Output o = ImagePipeline.run(round, enc, batch, threads, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ImageRun run = new ImageRun(o.features().rows(), seconds, o.features());
        best = best == null || run.rate() > best.rate() ? run : best;
      }
      progress.done("");
      return best;
    }
  }

  /** Images/s of an image model alone, and the preprocessing it uses (its decoder's settings). */
  record ModelAlone(double rate, ImagePreprocessing preprocessing) {}

  /**
   * Images/s of the model alone: batches of {@code batch} already decoded images (mid-grey), as
   * many as {@code images} make, best of three rounds after a warm-up batch.
   */
  ModelAlone modelAlone(
      EncoderRegistry.Resolved model,
      ImagePreprocessing pre,
      EncoderOptions options,
      int images,
      int batch) {
    boolean pretrained = model.entry() == null || model.entry().pretrained();
    try (SavedModelImageEncoder enc =
        SavedModelImageEncoder.open(
            model.id(), model.dir(), "bench", pretrained, "", pre, options)) {
      float[] pixels = new float[batch * enc.preprocessing().valuesPerImage()];
      java.util.Arrays.fill(pixels, 0.5f);
      enc.encode(pixels, batch);
      int runs = Math.max(1, images / batch);
      double best = 0;
      for (int r = 0; r < ROUNDS; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          enc.encode(pixels, batch);
        }
        best = Math.max(best, runs * batch / ((System.nanoTime() - t0) / 1e9));
      }
      return new ModelAlone(best, enc.preprocessing());
    }
  }

  /**
   * Images/s of reading, decoding, cropping and resizing alone, on {@code threads} threads as the
   * pipeline does them, best of three rounds after a warm-up pass.
   */
  double decodeAlone(ImagePreprocessing pre, List<ImagePipeline.Item> items, int threads) {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try (ImageDecoder decoder = new ImageDecoder(pre, threads)) {
      double best = 0;
      for (int r = 0; r <= ROUNDS; r++) {
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (ImagePipeline.Item item : items) {
          done.add(
              pool.submit(
                  () -> {
                    float[] px = new float[pre.valuesPerImage()];
                    decoder.decode(java.nio.file.Files.readAllBytes(item.path()), px, 0);
                    return null;
                  }));
        }
        for (java.util.concurrent.Future<?> f : done) {
          f.get();
        }
        if (r > 0) { // the first pass warms up
          best = Math.max(best, items.size() / ((System.nanoTime() - t0) / 1e9));
        }
      }
      return best;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("decoding a benchmark image failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Thirds of the sample (naive) or three times all of it (pipeline). */
  private static <T> List<List<T>> rounds(List<T> items, boolean naive) {
    List<List<T>> rounds = new java.util.ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      rounds.add(
          naive
              ? items.subList(r * items.size() / ROUNDS, (r + 1) * items.size() / ROUNDS)
              : items);
    }
    return rounds;
  }

  /**
   * FLOPs of BERT-base on one text of {@code l} real tokens: per layer the four H x H projections
   * and the two H x 4H feed-forward matmuls per token (2 FLOPs per weight), plus attention scores
   * and weighted values (2 x 2 l H per token).
   */
  static double bertBaseFlops(int l) {
    double h = 768;
    double inter = 3072;
    int layers = 12;
    return layers * (l * 2 * (4 * h * h + 2 * h * inter) + 4.0 * l * l * h);
  }
}
