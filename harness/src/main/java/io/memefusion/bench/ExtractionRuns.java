package io.memefusion.bench;

import io.memefusion.features.EncoderOptions;
import io.memefusion.features.EncoderRegistry;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.image.ImagePipeline;
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

  TextRun text(ExtractionBenchmark.TextModel tm, EncoderOptions options, List<String> texts) {
    try (SavedModelTextEncoder enc =
        SavedModelTextEncoder.open(
            tm.id(), tm.dir(), "bench", tm.pretrained(), "", tm.lowerCase(), options)) {
      // load, then warm up: the naive path on two texts (its one shape), the pipeline on one
      // untimed pass (every batch shape seen once, as in a long run)
      enc.encode(options.padTo() > 0 ? texts.subList(0, 2) : texts, Progress.NONE);
      List<int[]> tokens = enc.tokenize(texts);
      progress.start(
          "text " + (options.padTo() > 0 ? "naive" : options.bf16() ? "bf16" : "fp32"),
          texts.size(),
          "texts");
      long t0 = System.nanoTime();
      float[] features = enc.encode(texts, progress);
      double seconds = (System.nanoTime() - t0) / 1e9;
      progress.done("");
      long n = tokens.stream().mapToLong(t -> t.length).sum();
      double flops = tokens.stream().mapToDouble(t -> bertBaseFlops(t.length)).sum();
      return new TextRun(texts.size(), seconds, n, flops, features, enc.notes());
    }
  }

  ImageRun images(
      EncoderRegistry.Resolved model,
      ImagePreprocessing pre,
      EncoderOptions options,
      List<ImagePipeline.Item> items,
      int batch,
      int threads) {
    boolean pretrained = model.entry() == null || model.entry().pretrained();
    try (SavedModelImageEncoder enc =
        SavedModelImageEncoder.open(
            model.id(), model.dir(), "bench", pretrained, "", pre, options)) {
      // load and warm up as for texts: two images naive, one untimed pass for the pipeline
      ImagePipeline.run(
          batch == 1 ? items.subList(0, 2) : items, enc, batch, threads, Progress.NONE);
      progress.start(
          "images " + (batch == 1 ? "naive" : options.bf16() ? "bf16" : "fp32"),
          items.size(),
          "images");
      long t0 = System.nanoTime();
      ImagePipeline.Output o = ImagePipeline.run(items, enc, batch, threads, progress);
      double seconds = (System.nanoTime() - t0) / 1e9;
      progress.done("");
      return new ImageRun(o.features().rows(), seconds, o.features());
    }
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
