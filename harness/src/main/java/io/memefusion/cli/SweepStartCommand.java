package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.config.Home;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.db.Database;
import io.memefusion.progress.Progress;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.SweepFeatures;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.SweepSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memefusion sweep start}: create a sweep and run it in this process. */
@Command(
    name = "start",
    description = {
      "Create a sweep (models × configurations × text recipes × seeds) on a dataset's cached"
          + " features and run it, recording every trial in PostgreSQL.",
      "Other processes or machines sharing the database can help: memefusion sweep work ID."
    })
final class SweepStartCommand implements Callable<Integer> {
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

  @Option(
      names = "--no-run",
      description = "Only create the sweep and print its id (then: sweep work ID, anywhere).")
  boolean noRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = TerminalProgress.on(spec.commandLine().getErr());
    if (demo && data.data != null) {
      throw new UserException("--demo and --data exclude each other");
    }
    SweepSpec sweep = specOptions.spec(demo ? "demo" : "default", features.recipesGiven());
    Home home = db.home();
    try (Database database = db.open()) {
      Dataset dataset =
          demo ? SweepCli.demo(home, progress) : DatasetLoader.load(data.dir(home), data.layout());
      String defaultImage = features.defaultImageModel(home, demo);
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
      Study study = SweepCli.study(database);
      long id = study.create(dataset, f, sweep);
      out.printf(
          "sweep %d \"%s\": %s on %s%n", id, sweep.name(), SweepCli.size(sweep), dataset.root());
      f.notes().forEach(n -> out.println("  note: " + n));
      out.flush();
      if (noRun) {
        out.println("workers join with: memefusion sweep work " + id);
        return 0;
      }
      SweepRunner.Summary s = SweepCli.work(study, id, dataset, f, run, progress);
      return SweepCli.summary(out, database, study, id, s);
    }
  }
}
