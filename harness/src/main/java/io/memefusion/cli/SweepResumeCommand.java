package io.memefusion.cli;

import io.memefusion.db.Database;
import io.memefusion.db.TrialCounts;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.WorkerId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memefusion sweep resume ID}: continue a stopped sweep. */
@Command(
    name = "resume",
    description = {
      "Continue a sweep that was stopped or killed: trials of dead workers (no heartbeat, or a"
          + " process gone on this host) and failed trials go back to the queue, their partial"
          + " rows removed; then this process works until none is queued. Done trials are never"
          + " run again."
    })
final class SweepResumeCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Mixin FeatureOptions features;
  @Mixin RunOptions run;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The sweep (or: latest).")
  String sweep;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset folder, if not where the sweep was created.")
  Path data;

  @Option(
      names = "--all-running",
      description =
          "Also take back running trials with a fresh heartbeat (only when you know every other"
              + " worker is stopped).")
  boolean allRunning;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = db.open()) {
      Study study = SweepCli.study(database);
      long id = study.store().resolve(sweep);
      int failed = study.store().requeueFailed(id);
      Duration stale = allRunning ? Duration.ZERO : run.options().staleAfter();
      List<Long> dead = study.store().requeueDead(id, stale, WorkerId.current(0).host());
      TrialCounts c = study.store().counts(id);
      out.printf(
          "sweep %d: %d of %d trials done; requeued %d failed and %d of dead workers%s%n",
          id,
          c.done(),
          c.total(),
          failed,
          dead.size(),
          c.running() > 0 ? "; " + c.running() + " still held by live workers" : "");
      out.flush();
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
