package io.memefusion.cli;

import io.memefusion.db.Database;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.SweepRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memefusion sweep work ID}: join a sweep as a worker. */
@Command(
    name = "work",
    description = {
      "Work on an existing sweep until no trial is queued. Any number of processes, on any"
          + " machines sharing the PostgreSQL (--db), can work on one sweep; each trial is claimed"
          + " by exactly one."
    })
final class SweepWorkCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Mixin FeatureOptions features;
  @Mixin RunOptions run;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The sweep (see: sweep list).")
  String sweep;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset folder, if not where the sweep was created.")
  Path data;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = db.open()) {
      Study study = SweepCli.study(database);
      long id = study.store().resolve(sweep);
      SweepRunner.Summary s =
          SweepCli.join(
              id,
              data,
              features,
              run,
              db.home(),
              database,
              out,
              TerminalProgress.on(spec.commandLine().getErr()));
      SweepCli.summary(out, database, study, id, s);
    }
    return 0;
  }
}
