package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.bench.StudySweepBenchmark;
import io.memefusion.bench.SweepBenchmark;
import io.memefusion.db.Database;
import io.memefusion.heads.Precision;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memefusion bench sweep}: times a real-size sweep (4 models × 24 configurations × 5 seeds
 * on synthetic features) through the whole sweep machinery, recorded in a throw-away PostgreSQL.
 */
@Command(
    name = "sweep",
    description = {
      "Time a 480-trial sweep (4 models × 24 configurations × 5 seeds) on real-size synthetic"
          + " features (8,500/500/1,000 memes, 768-d text, 2,048-d image), recorded in a"
          + " throw-away PostgreSQL like a real sweep.",
      "Last line: sweep trials=<n> seconds=<s> trials_per_min=<r>."
    })
public final class BenchSweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--trials",
      paramLabel = "N",
      description = "Stop after N trials (default: all 480).")
  Integer trials;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Worker threads (default: one per core).")
  Integer workers;

  @Option(
      names = "--group",
      paramLabel = "K",
      defaultValue = "0",
      description =
          "Trials claimed at once (default: 0, automatic: the 4 of each graph, see sweep --group).")
  int group;

  @Option(
      names = "--train-only",
      description =
          "Time training and test scoring alone (no database), seeds of a configuration grouped.")
  boolean trainOnly;

  @Option(
      names = "--precision",
      paramLabel = "auto|fp32|bf16",
      defaultValue = "auto",
      description =
          "Heads' first-layer precision; auto (default) times one seed of 16 trials in both and"
              + " takes bf16 when it is faster here and keeps every test AUROC within 0.01 of"
              + " fp32's.")
  String precision;

  @Option(
      names = "--hidden",
      paramLabel = "H,H,H",
      split = ",",
      description = "Hidden sizes of the grid (default: 32,64,128; 64,128,256 is twice the work).")
  List<Integer> hidden;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description = "Record in this PostgreSQL instead of a throw-away embedded one.")
  String db;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    SweepBenchmark.Settings d = SweepBenchmark.Settings.defaults();
    SweepBenchmark.Settings settings =
        new SweepBenchmark.Settings(
            d.trainRows(),
            d.devRows(),
            d.testRows(),
            d.textDim(),
            d.imageDim(),
            d.seeds(),
            d.epochs(),
            d.batchSize(),
            d.patience(),
            workers == null ? Runtime.getRuntime().availableProcessors() : workers,
            trials == null ? Integer.MAX_VALUE : trials);
    if (hidden != null && hidden.stream().anyMatch(h -> h < 1)) {
      throw new UserException("--hidden sizes must be >= 1, got " + hidden);
    }
    if (trainOnly) {
      new SweepBenchmark(settings, out).run();
      return 0;
    }
    try (Database database = db == null ? Database.temporary() : Database.connect(db)) {
      new StudySweepBenchmark(
              settings,
              group,
              hidden == null ? SweepBenchmark.HIDDEN : hidden,
              precision.equalsIgnoreCase("auto") ? null : Precision.fromKey(precision),
              out)
          .run(database, TerminalProgress.on(out));
    }
    return 0;
  }
}
