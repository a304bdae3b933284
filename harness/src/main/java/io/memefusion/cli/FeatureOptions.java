package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.config.Home;
import io.memefusion.data.Dataset;
import io.memefusion.db.Database;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.EncoderOptions;
import io.memefusion.features.EncoderRegistry;
import io.memefusion.features.FeatureExtractor;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.Pooling;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.cache.FeatureCache;
import io.memefusion.progress.Progress;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The encoders a sweep's features come from ({@code --text-model}, {@code --image-model}, ...), and
 * the extraction itself: cached features are loaded, the rest computed once.
 */
public final class FeatureOptions {
  @Mixin ModelOptions models;

  @Option(
      names = "--text-model",
      paramLabel = "ID|DIR",
      description = "Text encoder: model id or SavedModel folder (default: bert-base-uncased).")
  String textModel;

  @Option(
      names = "--image-model",
      paramLabel = "ID|DIR",
      description =
          "Image encoder: model id, imported model or SavedModel folder (default: resnet18,"
              + " installed on first use; --demo: resnet18 if installed, else resnet18-random).")
  String imageModel;

  @Option(names = "--pooling", description = "Text pooling: cls or mean (default: cls).")
  Pooling pooling;

  @Option(
      names = "--embed-batch",
      paramLabel = "N",
      description = "Texts and images per extraction run (default: 64 texts, 32 images).")
  Integer batch;

  @Option(
      names = "--bf16",
      description =
          "bf16 extraction (faster on CPUs with AMX or AVX512-BF16), kept if within cosine 0.99"
              + " of fp32.")
  boolean bf16;

  /** The text encoder named by the user, else {@code fallback}. */
  String textModel(String fallback) {
    return textModel != null ? textModel : fallback;
  }

  String imageModel(String fallback) {
    return imageModel != null ? imageModel : fallback;
  }

  /** See {@link ModelOptions#installIfMissing}. */
  void installIfMissing(Home home, String idOrDir, PrintWriter out, Progress progress) {
    models.installIfMissing(home, idOrDir, out, progress);
  }

  /** See {@link ModelOptions#defaultImageModel}. */
  String defaultImageModel(Home home, boolean demo) {
    return models.defaultImageModel(home, demo);
  }

  /**
   * Embeds every split with the given encoders (null: that modality is not needed) through the
   * feature cache in {@code home}.
   */
  EmbeddedDataset embed(
      Home home, Database database, Dataset dataset, String text, String image, Progress progress) {
    int cores = Runtime.getRuntime().availableProcessors();
    EncoderOptions options =
        EncoderOptions.defaults(cores)
            .withPooling(pooling == null ? Pooling.CLS : pooling)
            .withBf16(bf16);
    if (batch != null) {
      if (batch < 1) {
        throw new UserException("--embed-batch must be positive, got " + batch);
      }
      options = options.withTextBatch(batch).withImageBatch(batch);
    }
    EncoderRegistry registry = models.registry(home, options);
    try (TextEncoder t = text == null ? null : registry.text(text, progress);
        ImageEncoder v = image == null ? null : registry.image(image, progress)) {
      return new FeatureExtractor(cache(home, database), options).embed(dataset, t, v, progress);
    }
  }

  /** The feature sets of {@code database}, cached locally in {@code home}. */
  FeatureCache cache(Home home, Database database) {
    return new FeatureCache(home.cache().resolve("features"), database.jdbi());
  }
}
