package io.memefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.UserException;
import io.memefusion.analysis.RelianceRecorder;
import io.memefusion.config.Home;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.DemoDataset;
import io.memefusion.data.LayoutOptions;
import io.memefusion.db.ConnectionLoss;
import io.memefusion.db.Database;
import io.memefusion.db.FailureCause;
import io.memefusion.db.SweepRow;
import io.memefusion.db.TrialCounts;
import io.memefusion.export.TableFormat;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.Pooling;
import io.memefusion.features.TextLayers;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.StudyFeatures;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepFeatures;
import io.memefusion.sweep.SweepInputs;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the sweep commands share: finding the data and features, and the closing summary. */
final class SweepCli {
  static final String DEFAULT_TEXT_MODEL = "bert-base-uncased";

  /** What sweeps recorded before their image source was stored were made with. */
  static final String DEFAULT_IMAGE_MODEL = ModelOptions.OFFLINE_IMAGE_MODEL;

  private SweepCli() {}

  /** The study as the commands run it: modality reliance measured on every scored trial. */
  static Study study(Database database) {
    RelianceRecorder reliance = RelianceRecorder.defaults(database.jdbi());
    return new Study(
        database,
        () -> new HeadTrainer(1),
        (id, head, splits) -> reliance.record(id, head, splits),
        Main.build());
  }

  /** The synthetic demo dataset in {@code <home>/data/demo}, generated on first use. */
  static Dataset demo(Home home, Progress progress) {
    Path dir = home.data().resolve("demo");
    if (!Files.isRegularFile(dir.resolve("demo.json"))) {
      DemoDataset.write(
          dir, DemoDataset.Config.defaults(), Runtime.getRuntime().availableProcessors(), progress);
    }
    return DatasetLoader.load(dir, LayoutOptions.defaults());
  }

  /**
   * The features of {@code dataset} for the models and text recipes of {@code spec} (one pass of
   * the text model computes every recipe); a model of the manifest is installed on first use,
   * whichever command needs it first.
   */
  static SweepFeatures features(
      FeatureOptions options,
      Home home,
      Database database,
      Dataset dataset,
      SweepSpec spec,
      String textSource,
      String imageSource,
      PrintWriter out,
      Progress progress) {
    String text = spec.usesText() ? options.textModel(textSource) : null;
    String image = spec.usesImages() ? options.imageModel(imageSource) : null;
    options.installIfMissing(home, text, out, progress);
    options.installIfMissing(home, image, out, progress);
    List<TextRecipe> recipes = spec.textRecipes();
    List<StudyFeatures> features = new ArrayList<>();
    for (EmbeddedDataset e :
        options.embed(home, database, dataset, text, image, recipes, progress)) {
      features.add(StudyFeatures.of(e).withSources(text, image));
    }
    return SweepFeatures.combine(recipes, features);
  }

  /**
   * Joins sweep {@code id} and works until no trial is queued. A sweep keeps its memes and feature
   * sets in the database: the worker loads them from there (no dataset folder or model needed);
   * when it has the dataset folder ({@code dataDir}, else where the sweep was created) it checks it
   * against them and can recompute a damaged stored set. A sweep from before that loads its dataset
   * folder and embeds it with the same encoders.
   */
  static SweepRunner.Summary join(
      long id,
      Path dataDir,
      FeatureOptions featureOptions,
      RunOptions run,
      Home home,
      Database database,
      PrintWriter out,
      Progress progress) {
    Study study = study(database);
    SweepRow row = study.store().sweep(id);
    SweepContext ctx = SweepContext.fromJson(row.context());
    SweepSpec spec = study.spec(id);
    Path dir = dataDir != null ? dataDir : Path.of(ctx.datasetRoot());
    Path local = dataDir != null || Files.isDirectory(dir) ? dir : null;
    String text = spec.usesText() ? source(ctx, "text", DEFAULT_TEXT_MODEL) : null;
    String image = spec.usesImages() ? source(ctx, "image", DEFAULT_IMAGE_MODEL) : null;
    Optional<SweepInputs.Inputs> stored =
        SweepInputs.load(
            database.jdbi(),
            row,
            local,
            featureOptions.cache(home, database),
            local == null
                ? null
                : ds -> {
                  featureOptions.installIfMissing(home, text, out, progress);
                  featureOptions.installIfMissing(home, image, out, progress);
                  featureOptions.embed(
                      home, database, ds, text, image, recipes(spec, ctx), progress);
                },
            note -> {
              out.println("  " + note);
              out.flush();
            });
    Dataset dataset;
    SweepFeatures features;
    if (stored.isPresent()) {
      dataset = stored.get().dataset();
      features = stored.get().features();
      out.printf(
          Locale.ROOT,
          "  %d feature sets from the database%s%n",
          SweepInputs.setCount(features),
          local == null ? " (no dataset folder here)" : ", checked against " + local);
    } else {
      if (local == null) {
        throw new UserException(
            "sweep "
                + id
                + " was created on data in "
                + dir
                + ", which is not here: pass --data DIR");
      }
      SweepInputs.Inputs embedded =
          embedFolder(local, spec, ctx, featureOptions, home, database, text, image, out, progress);
      dataset = embedded.dataset();
      features = embedded.features();
    }
    TrialCounts before = study.store().counts(id);
    out.printf(
        Locale.ROOT,
        "sweep %d \"%s\": %d of %d trials done, %d queued%n",
        id,
        spec.name(),
        before.done(),
        before.total(),
        before.queued());
    out.flush();
    return work(study, id, dataset, features, run, progress);
  }

  /** A sweep from before sweeps kept their inputs: its dataset folder, embedded again. */
  private static SweepInputs.Inputs embedFolder(
      Path local,
      SweepSpec spec,
      SweepContext ctx,
      FeatureOptions featureOptions,
      Home home,
      Database database,
      String text,
      String image,
      PrintWriter out,
      Progress progress) {
    Dataset dataset =
        DatasetLoader.load(
            local,
            new LayoutOptions(
                ctx.trainSplit(),
                ctx.devSplit(),
                ctx.datasetTest() == null ? LayoutOptions.NONE : ctx.datasetTest()));
    SweepFeatures computed =
        features(
            featureOptions,
            home,
            database,
            dataset,
            legacyRecipe(spec, ctx),
            text,
            image,
            out,
            progress);
    // a sweep from before recipes were recorded: its spec's cls/last stands for its recipe
    return new SweepInputs.Inputs(
        dataset,
        computed.recipes().equals(spec.textRecipes())
            ? computed
            : SweepFeatures.of(spec.textRecipes().get(0), computed.first()));
  }

  /**
   * Works on sweep {@code id}; a database that goes away is one line naming how to go on (the
   * trials this worker held are taken back by {@code sweep resume}).
   */
  static SweepRunner.Summary work(
      Study study,
      long id,
      Dataset dataset,
      SweepFeatures features,
      RunOptions run,
      Progress progress) {
    try {
      return study.work(id, dataset, features, run.options(), progress);
    } catch (RuntimeException e) {
      if (e instanceof UserException || !ConnectionLoss.in(e)) {
        throw e;
      }
      throw new UserException(
          "lost the connection to the database while working on sweep "
              + id
              + "; when it is back, `memefusion sweep resume "
              + id
              + "` continues (done trials are kept)",
          e);
    }
  }

  /** The text recipes a sweep's features are computed with. */
  private static List<TextRecipe> recipes(SweepSpec spec, SweepContext ctx) {
    return legacyRecipe(spec, ctx).textRecipes();
  }

  /**
   * The spec, with the text recipe its features were made with for a sweep from before specs
   * recorded recipes (one sweep per recipe: the spec says cls/last, the context the recipe).
   */
  private static SweepSpec legacyRecipe(SweepSpec spec, SweepContext ctx) {
    JsonNode pre = ctx.features().path("text").path("preprocessing");
    if (spec.recipesInConfig() || !spec.usesText() || !pre.has("pooling")) {
      return spec;
    }
    try {
      TextRecipe r =
          new TextRecipe(
              Pooling.parse(pre.path("pooling").asText()),
              TextLayers.parse(pre.path("layers").asText(TextLayers.LAST.id())));
      return spec.withTextRecipes(List.of(r));
    } catch (UserException e) {
      return spec; // not a BERT recipe (e.g. a CLIP text tower's own pooling)
    }
  }

  private static String source(SweepContext ctx, String modality, String fallback) {
    return ctx.features().path(modality).path("source").asText(fallback);
  }

  /**
   * The closing lines: the tables (when a trial is done), failed trials by cause, and where to go
   * next. Returns the exit code: 0, or 1 when trials of the sweep failed (a script must not take a
   * sweep with failed trials, least of all one where every trial failed, for a finished one).
   */
  static int summary(
      PrintWriter out, Database database, Study study, long id, SweepRunner.Summary s) {
    TrialCounts c = study.store().counts(id);
    out.println();
    if (c.done() > 0) {
      out.print(TableFormat.TEXT.render(new SweepResultsQuery(database.jdbi()).results(id)));
    }
    List<FailureCause> failures = c.failed() > 0 ? study.store().failures(id) : List.of();
    if (!failures.isEmpty()) {
      out.printf(Locale.ROOT, "error: %d of %d trials failed, by cause:%n", c.failed(), c.total());
      for (FailureCause f : failures) {
        out.printf(Locale.ROOT, "  %d × %s%n", f.trials(), f.error());
      }
      out.println("retry: memefusion sweep resume " + id);
    }
    if (c.queued() + c.running() > 0) {
      out.printf(
          Locale.ROOT,
          "sweep %d: %d of %d trials done; continue with: memefusion sweep work %d%n",
          id,
          c.done(),
          c.total(),
          id);
    } else {
      out.printf(Locale.ROOT, "sweep %d: %d of %d trials done%n", id, c.done(), c.total());
    }
    if (c.done() > 0) {
      out.printf(
          Locale.ROOT,
          "export: memefusion export --sweep %d --format md|csv|latex  (--trials, --predictions)%n",
          id);
    }
    out.flush();
    return failures.isEmpty() ? 0 : 1;
  }

  /**
   * "80 trials (4 models × 4 configurations × 5 seeds)"; with text recipes compared, "... × 2 text
   * recipes (cls/last, mean/last) for text models × ...".
   */
  static String size(SweepSpec spec) {
    String recipes =
        spec.textRecipes().size() == 1
            ? ""
            : String.format(
                Locale.ROOT,
                " × %d text recipes (%s) for the models that use text",
                spec.textRecipes().size(),
                String.join(", ", spec.textRecipes().stream().map(TextRecipe::id).toList()));
    return String.format(
        Locale.ROOT,
        "%d trials (%d models × %d configurations%s × %d seeds)",
        spec.trials().size(),
        spec.models().size(),
        spec.configs().size(),
        recipes,
        spec.seeds().size());
  }
}
