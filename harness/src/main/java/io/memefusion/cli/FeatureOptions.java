package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.config.Home;
import io.memefusion.data.Dataset;
import io.memefusion.db.Database;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.Pooling;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.TextLayers;
import io.memefusion.features.TextRecipe;
import io.memefusion.features.cache.FeatureCache;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.extraction.FeatureExtractor;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.features.tf.SavedModelTextEncoder;
import io.memefusion.progress.Progress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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

  @Option(
      names = {"--text-pooling", "--pooling"},
      paramLabel = "LIST",
      split = ",",
      description =
          "Text pooling: cls, mean, cls_mean or pooled (BERT's pooler, layers last only); a list"
              + " compares recipes in one sweep (default: cls; a spec's text_recipes).")
  List<String> pooling;

  @Option(
      names = "--text-layers",
      paramLabel = "LIST",
      split = ",",
      description =
          "Text layers: last, last4_mean or last4_concat; a list compares recipes in one sweep"
              + " (default: last).")
  List<String> layers;

  /** The text recipes of the flags, null when neither flag is given (a spec's then count). */
  List<TextRecipe> recipesGiven() {
    return pooling == null && layers == null ? null : recipes();
  }

  /** The text recipes asked for: every pooling × layers (pooled with last only). */
  List<TextRecipe> recipes() {
    List<Pooling> p =
        pooling == null ? List.of(Pooling.CLS) : pooling.stream().map(Pooling::parse).toList();
    List<TextLayers> l =
        layers == null ? List.of(TextLayers.LAST) : layers.stream().map(TextLayers::parse).toList();
    return TextRecipe.grid(p, l);
  }

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
    List<TextRecipe> recipes = recipes();
    if (recipes.size() > 1) {
      throw new UserException(
          "this command takes one text recipe, got "
              + recipes.stream().map(TextRecipe::id).toList()
              + ": compare recipes in a sweep (run or sweep start)");
    }
    return embed(home, database, dataset, text, image, recipes, progress).get(0);
  }

  /**
   * Embeds every split once per recipe: one pass of the text model computes every recipe (the
   * images are embedded once). Returns the embedded datasets in the recipes' order.
   */
  List<EmbeddedDataset> embed(
      Home home,
      Database database,
      Dataset dataset,
      String text,
      String image,
      List<TextRecipe> recipes,
      Progress progress) {
    int cores = Runtime.getRuntime().availableProcessors();
    EncoderOptions options =
        EncoderOptions.defaults(cores).withRecipe(recipes.get(0)).withBf16(bf16);
    if (batch != null) {
      if (batch < 1) {
        throw new UserException("--embed-batch must be positive, got " + batch);
      }
      options = options.withTextBatch(batch).withImageBatch(batch);
    }
    EncoderRegistry registry = models.registry(home, options);
    try (TextEncoder t = text == null ? null : registry.text(text, progress);
        ImageEncoder v = image == null ? null : registry.image(image, progress)) {
      FeatureExtractor extractor = new FeatureExtractor(cache(home, database), options);
      List<EmbeddedDataset> out = new ArrayList<>();
      if (t == null || recipes.size() == 1) {
        out.add(extractor.embed(dataset, t, v, progress));
        return out;
      }
      if (!(t instanceof SavedModelTextEncoder bert)) {
        throw new UserException(text + ": text recipes need a BERT SavedModel");
      }
      bert.computeTogether(recipes);
      for (TextRecipe r : recipes) {
        try (SavedModelTextEncoder view = bert.withRecipe(r)) {
          out.add(extractor.embed(dataset, view, v, progress));
        }
      }
      return out;
    }
  }

  /** The feature sets of {@code database}, cached locally in {@code home}. */
  FeatureCache cache(Home home, Database database) {
    return new FeatureCache(home.cache().resolve("features"), database.jdbi());
  }
}
