package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.db.Database;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.FeatureCsv;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.Pooling;
import io.memefusion.features.SplitFeatures;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.cache.FeatureCache;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.extraction.FeatureExtractor;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.progress.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memefusion embed}: frozen text and image features of every split, cached. */
@Command(
    name = "embed",
    header = "Extract and cache BERT text and ResNet image features.",
    description =
        "Extract BERT text and ResNet image features of all splits into the feature cache.")
public final class EmbedCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Mixin DataOptions data;
  @Mixin ModelOptions models;
  @Spec CommandSpec spec;

  @Option(
      names = "--text-model",
      paramLabel = "ID|DIR|none",
      defaultValue = "bert-base-uncased",
      description =
          "Text encoder: model id, SavedModel folder, or none (default: ${DEFAULT-VALUE}).")
  String textModel;

  @Option(
      names = "--image-model",
      paramLabel = "ID|DIR|none",
      defaultValue = ModelOptions.LAB_IMAGE_MODEL,
      description =
          "Image encoder: model id, imported model, SavedModel folder, or none (default:"
              + " ${DEFAULT-VALUE}, torchvision's ImageNet ResNet-18, installed on first use).")
  String imageModel;

  @Option(
      names = "--export",
      paramLabel = "DIR",
      description =
          "Also write the features of every embedded split as DIR/<split>-<modality>.csv"
              + " (id,f0,f1,...; float32 values that read back exactly).")
  Path export;

  @Option(
      names = "--pooling",
      defaultValue = "cls",
      description =
          "Text pooling: cls ([CLS] vector) or mean (masked) (default: ${DEFAULT-VALUE}).")
  Pooling pooling;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Texts and images per session run (default: 64 texts, 32 images).")
  Integer batch;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "CPU threads for TF and image decoding (default: the number of processors).")
  Integer threads;

  @Option(
      names = "--bf16",
      description =
          "bf16 on CPUs with AMX or AVX512-BF16 (oneDNN rewrite); used only if features stay within cosine 0.99"
              + " of fp32 on the first batch.")
  boolean bf16;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = TerminalProgress.on(spec.commandLine().getErr());
    boolean noText = "none".equals(textModel);
    boolean noImage = "none".equals(imageModel);
    if (noText && noImage) {
      throw new UserException("--text-model and --image-model are both none: nothing to embed");
    }
    int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (cores < 1 || (batch != null && batch < 1)) {
      throw new UserException("--threads and --batch must be positive");
    }
    EncoderOptions options = EncoderOptions.defaults(cores).withPooling(pooling).withBf16(bf16);
    if (batch != null) {
      options = options.withTextBatch(batch).withImageBatch(batch);
    }
    Dataset dataset = DatasetLoader.load(data.dir(db.home()), data.layout());
    EncoderRegistry registry = models.registry(db.home(), options);
    if (!noImage) {
      models.installIfMissing(db.home(), imageModel, out, progress);
    }
    try (Database database = db.open();
        TextEncoder text = noText ? null : registry.text(textModel, progress);
        ImageEncoder image = noImage ? null : registry.image(imageModel, progress)) {
      FeatureCache cache = new FeatureCache(db.home().cache().resolve("features"), database.jdbi());
      long t0 = System.nanoTime();
      EmbeddedDataset embedded =
          new FeatureExtractor(cache, options).embed(dataset, text, image, progress);
      print(out, embedded, (System.nanoTime() - t0) / 1e9);
      if (export != null) {
        for (Path file : FeatureCsv.write(embedded, export)) {
          out.println("  wrote " + file);
        }
      }
    }
    return 0;
  }

  static void print(PrintWriter out, EmbeddedDataset e, double seconds) {
    out.printf(Locale.ROOT, "embedded %s (%s)%n", e.dataset().name(), e.dataset().root());
    if (e.textEncoder() != null) {
      out.println(
          "  text:  " + e.textEncoder().describe() + ", " + e.textEncoder().preprocessing());
    }
    if (e.imageEncoder() != null) {
      out.println("  image: " + e.imageEncoder().describe());
    }
    int texts = 0;
    int images = 0;
    double textSeconds = 0;
    double imageSeconds = 0;
    for (SplitFeatures s : e.splits()) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s", s.split()));
      if (s.text() != null) {
        line.append(
            String.format(
                Locale.ROOT,
                " text %5d x %d %s",
                s.text().rows(),
                s.text().dim(),
                s.textFromCache()
                    ? "(cache)"
                    : String.format(Locale.ROOT, "%.1f s", s.textSeconds())));
        if (!s.textFromCache()) {
          texts += s.text().rows();
          textSeconds += s.textSeconds();
        }
      }
      if (s.image() != null) {
        line.append(
            String.format(
                Locale.ROOT,
                "  image %5d x %d %s",
                s.image().rows(),
                s.image().dim(),
                s.imageFromCache()
                    ? "(cache)"
                    : String.format(Locale.ROOT, "%.1f s", s.imageSeconds())));
        if (!s.skippedImages().isEmpty()) {
          line.append(", ").append(s.skippedImages().size()).append(" image(s) left out");
        }
        if (!s.imageFromCache()) {
          images += s.image().rows();
          imageSeconds += s.imageSeconds();
        }
      }
      out.println(line);
    }
    if (texts > 0) {
      out.printf(
          Locale.ROOT,
          "  computed %d texts in %.1f s (model load included): %.1f texts/s%n",
          texts,
          textSeconds,
          texts / Math.max(textSeconds, 1e-9));
    }
    if (images > 0) {
      out.printf(
          Locale.ROOT,
          "  computed %d images in %.1f s (model load included): %.1f images/s%n",
          images,
          imageSeconds,
          images / Math.max(imageSeconds, 1e-9));
    }
    if (e.skippedImages() > 0) {
      out.println(
          "  "
              + e.skippedImages()
              + " meme(s) have no readable image: left out of the image features");
    }
    for (String note : e.notes()) {
      out.println("  note: " + note);
    }
    out.printf(Locale.ROOT, "done in %.1f s%n", seconds);
  }
}
