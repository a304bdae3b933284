package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.config.Home;
import io.memefusion.data.DataAudit;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.ImageCheck;
import io.memefusion.data.LayoutOptions;
import io.memefusion.data.LoadedDataset;
import io.memefusion.db.Database;
import io.memefusion.progress.Progress;
import io.memefusion.report.SweepReport;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.SweepFeatures;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memefusion run}: the main job. Data → audit → embed → the sweep → the dev and test tables,
 * each stage numbered and timed, then where the dashboard, exports and report are.
 */
@Command(
    name = "run",
    header = "The main job: data → audit → embed → sweep → tables.",
    description = {
      "The main job: data (--demo, or --data DIR) → audit → embed → sweep (the lab's four models ×"
          + " a small grid × 5 seeds by default) → the dev and test tables.",
      "The image encoder is torchvision's ImageNet ResNet-18 (resnet18, installed on first use)"
          + " unless --image-model names another.",
      "With --demo it runs offline on the synthetic demo dataset with the embedded PostgreSQL; its"
          + " image encoder is resnet18 if installed, else a ResNet-18 with RANDOM weights"
          + " (resnet18-random), said wherever its results are shown."
    })
public final class RunCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Mixin DataOptions data;
  @Mixin FeatureOptions features;
  @Mixin SpecOptions specOptions;
  @Mixin RunOptions run;
  @Spec CommandSpec spec;

  @Option(
      names = "--demo",
      description = "Use the synthetic demo dataset (<home>/data/demo, generated on first use).")
  boolean demo;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = TerminalProgress.on(spec.commandLine().getErr());
    if (demo && data.data != null) {
      throw new UserException("--demo and --data exclude each other");
    }
    Home home = db.home();
    long start = System.nanoTime();
    Stages stages = new Stages(out, 5);

    stages.begin("data");
    Path dir = dataDir(home, progress);
    LoadedDataset loaded = DatasetLoader.read(dir, demo ? LayoutOptions.defaults() : data.layout());
    Dataset dataset = loaded.dataset();
    loaded.report().warnings().forEach(w -> out.println("  warning: " + w.line()));
    stages.end(dataset.name() + " in " + dataset.root());

    stages.begin("audit");
    SweepSpec sweep = audit(out, loaded, dir);
    stages.end("");

    try (Database database = db.open()) {
      stages.begin("embed");
      SweepFeatures f = embed(out, home, database, dataset, sweep, progress);
      stages.end("");

      stages.begin("sweep");
      Study study = SweepCli.study(database);
      long id = study.create(dataset, f, sweep);
      out.printf(Locale.ROOT, "sweep %d \"%s\": %s%n", id, sweep.name(), SweepCli.size(sweep));
      out.flush();
      SweepRunner.Summary summary = SweepCli.work(study, id, dataset, f, run, progress);
      stages.end(summary.done() + " trials done, " + summary.failed() + " failed");

      stages.begin("results");
      int exit = results(out, database, study, id, summary, f);
      stages.end("");

      printNext(out, start, id);
      return exit;
    }
  }

  /**
   * The dataset's folder: the demo's (generated on first use) or the one given, which must exist.
   */
  private Path dataDir(Home home, Progress progress) {
    if (!demo && !Files.isDirectory(data.dir(home))) {
      throw new UserException(
          "no dataset in "
              + data.dir(home)
              + ": run ./memefusion data fetch, pass --data DIR, or try --demo");
    }
    Dataset demoData = demo ? SweepCli.demo(home, progress) : null;
    return demo ? demoData.root() : data.dir(home);
  }

  /** Audits the dataset (printed) and returns the sweep to run, if the data can carry it. */
  private SweepSpec audit(PrintWriter out, LoadedDataset loaded, Path dir) {
    int cores = Runtime.getRuntime().availableProcessors();
    DataAudit.Report audit = DataAudit.run(loaded, ImageCheck.defaults(), cores, Progress.NONE);
    audit.print(out, 3);
    if (!audit.usable()) {
      throw new UserException("the dataset is not usable: " + audit.verdict());
    }
    SweepSpec sweep = specOptions.spec(demo ? "demo" : "default", features.recipesGiven());
    if (sweep.usesImages() && !audit.imagesUsable()) {
      throw new UserException(
          "no usable images in " + dir + ": run a text-only sweep with --models text");
    }
    return sweep;
  }

  /** The sweep's cached or newly extracted features, with the image encoder and notes printed. */
  private SweepFeatures embed(
      PrintWriter out,
      Home home,
      Database database,
      Dataset dataset,
      SweepSpec sweep,
      Progress progress) {
    String defaultImage = features.defaultImageModel(home, demo);
    String image = sweep.usesImages() ? features.imageModel(defaultImage) : null;
    if (image != null) {
      out.println("  image encoder: " + image + imageChoice(image, defaultImage, demo));
    }
    SweepFeatures f =
        SweepCli.features(
            features,
            home,
            database,
            dataset,
            sweep,
            SweepCli.DEFAULT_TEXT_MODEL,
            defaultImage,
            out,
            progress);
    f.notes().forEach(n -> out.println("  NOTE: " + n));
    return f;
  }

  /** The run's wall time and where to look at sweep {@code id} next. */
  private void printNext(PrintWriter out, long start, long id) {
    out.printf(
        Locale.ROOT,
        "%nmemefusion run finished in %.1f min. Next:%n"
            + "  ./memefusion dashboard%s      # sweep %d in the browser, http://127.0.0.1:7070%n"
            + "  ./memefusion report --sweep %d   # PDF + Markdown report with CIs and figures%n",
        (System.nanoTime() - start) / 6e10,
        db.url == null ? "" : " --db '" + db.url + "'",
        id,
        id);
    out.flush();
  }

  /** The tables and the stored analysis of sweep {@code id}; returns the exit code. */
  private static int results(
      PrintWriter out,
      Database database,
      Study study,
      long id,
      SweepRunner.Summary summary,
      SweepFeatures f) {
    int exit = SweepCli.summary(out, database, study, id, summary);
    f.notes().forEach(n -> out.println("NOTE: " + n));
    if (study.store().counts(id).done() == 0) {
      out.println("sweep " + id + ": no trial done: nothing to analyse");
    } else {
      // bootstrap CIs, calibration, confounders: stored for the dashboard and the exports
      new SweepReport(database.jdbi(), AnalysisSettings.defaults())
          .analyze(
              new SweepResultsQuery(database.jdbi()).results(id),
              note -> out.println("note: " + note));
    }
    out.println("analysis stored (95% bootstrap intervals, calibration, reliance, confounders)");
    return exit;
  }

  /** Numbered stage headers with their wall time. */
  private static final class Stages {
    private final PrintWriter out;
    private final int total;
    private int index;
    private long t0;
    private String name;

    Stages(PrintWriter out, int total) {
      this.out = out;
      this.total = total;
    }

    void begin(String stage) {
      index++;
      name = stage;
      t0 = System.nanoTime();
      out.printf(Locale.ROOT, "%n[%d/%d] %s%n", index, total, stage);
      out.flush();
    }

    void end(String summary) {
      out.printf(
          Locale.ROOT,
          "[%d/%d] %s: %.1f s%s%n",
          index,
          total,
          name,
          (System.nanoTime() - t0) / 1e9,
          summary.isEmpty() ? "" : " — " + summary);
      out.flush();
    }
  }

  /** Why this image encoder: named by the user, the lab's, or the demo's offline stand-in. */
  private static String imageChoice(String image, String defaultImage, boolean demo) {
    if (!image.equals(defaultImage)) {
      return " (--image-model)";
    }
    if (!demo) {
      return " (the lab's encoder: torchvision ImageNet ResNet-18)";
    }
    return image.equals(ModelOptions.LAB_IMAGE_MODEL)
        ? " (installed: the demo uses the pretrained ResNet-18)"
        : " (random weights: resnet18 is not installed; `memefusion models install resnet18`)";
  }
}
