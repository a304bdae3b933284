package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.analysis.RelianceRecorder;
import io.memefusion.config.Home;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.DemoDataset;
import io.memefusion.data.LayoutOptions;
import io.memefusion.db.Database;
import io.memefusion.db.TrialCounts;
import io.memefusion.export.TableFormat;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.StudyFeatures;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the sweep commands share: finding the data and features, and the closing summary. */
final class SweepCli {
  static final String DEFAULT_TEXT_MODEL = "bert-base-uncased";
  static final String DEFAULT_IMAGE_MODEL = "resnet18-random";

  private SweepCli() {}

  /** The study as the commands run it: modality reliance measured on every scored trial. */
  static Study study(Database database) {
    RelianceRecorder reliance = RelianceRecorder.defaults(database.jdbi());
    return new Study(
        database,
        () -> new HeadTrainer(1),
        (id, head, splits) -> reliance.record(id, head, splits));
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

  /** The features of {@code dataset} for the models of {@code spec}. */
  static StudyFeatures features(
      FeatureOptions options,
      Home home,
      Database database,
      Dataset dataset,
      SweepSpec spec,
      String textSource,
      String imageSource,
      Progress progress) {
    String text = spec.usesText() ? options.textModel(textSource) : null;
    String image = spec.usesImages() ? options.imageModel(imageSource) : null;
    EmbeddedDataset embedded = options.embed(home, database, dataset, text, image, progress);
    return StudyFeatures.of(embedded).withSources(text, image);
  }

  /**
   * The features of {@code dataset} for each text recipe of {@code options}, in its order, from one
   * pass of the text model.
   */
  static List<StudyFeatures> featuresPerRecipe(
      FeatureOptions options,
      Home home,
      Database database,
      Dataset dataset,
      SweepSpec spec,
      String textSource,
      String imageSource,
      Progress progress) {
    String text = spec.usesText() ? options.textModel(textSource) : null;
    String image = spec.usesImages() ? options.imageModel(imageSource) : null;
    List<TextRecipe> recipes = text == null ? List.of(TextRecipe.DEFAULT) : options.recipes();
    List<StudyFeatures> out = new java.util.ArrayList<>();
    for (EmbeddedDataset e :
        options.embed(home, database, dataset, text, image, recipes, progress)) {
      out.add(StudyFeatures.of(e).withSources(text, image));
    }
    return out;
  }

  /**
   * Joins sweep {@code id}: loads its dataset (from {@code dataDir}, else where it was created)
   * with the split roles it was created with, embeds it with the same encoders and works until no
   * trial is queued.
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
    SweepContext ctx = SweepContext.fromJson(study.store().sweep(id).context());
    SweepSpec spec = study.spec(id);
    Path dir = dataDir != null ? dataDir : Path.of(ctx.datasetRoot());
    if (!Files.isDirectory(dir)) {
      throw new UserException(
          "sweep "
              + id
              + " was created on data in "
              + dir
              + ", which is not here: pass --data DIR");
    }
    Dataset dataset =
        DatasetLoader.load(
            dir,
            new LayoutOptions(
                ctx.trainSplit(),
                ctx.devSplit(),
                ctx.datasetTest() == null ? LayoutOptions.NONE : ctx.datasetTest()));
    StudyFeatures features =
        features(
            featureOptions,
            home,
            database,
            dataset,
            spec,
            source(ctx, "text", DEFAULT_TEXT_MODEL),
            source(ctx, "image", DEFAULT_IMAGE_MODEL),
            progress);
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
    return study.work(id, dataset, features, run.options(), progress);
  }

  private static String source(SweepContext ctx, String modality, String fallback) {
    return ctx.features().path(modality).path("source").asText(fallback);
  }

  /** The closing lines: the tables, failures, and where to go next. */
  static void summary(
      PrintWriter out, Database database, Study study, long id, SweepRunner.Summary s) {
    TrialCounts c = study.store().counts(id);
    out.println();
    out.print(TableFormat.TEXT.render(new SweepResultsQuery(database.jdbi()).results(id)));
    if (s.firstError() != null) {
      out.println(
          "warning: "
              + c.failed()
              + " trial(s) failed, first: "
              + s.firstError()
              + " (retry: memefusion sweep resume "
              + id
              + ")");
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
    out.printf(
        Locale.ROOT,
        "export: memefusion export --sweep %d --format md|csv|latex  (--trials, --predictions)%n",
        id);
    out.flush();
  }

  /** "80 trials (4 models × 4 configurations × 5 seeds)". */
  static String size(SweepSpec spec) {
    return String.format(
        Locale.ROOT,
        "%d trials (%d models × %d configurations × %d seeds)",
        spec.trials().size(),
        spec.models().size(),
        spec.configs().size(),
        spec.seeds().size());
  }
}
