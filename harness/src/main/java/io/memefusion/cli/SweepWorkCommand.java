package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.db.Database;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.SweepStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
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

  @Parameters(
      paramLabel = "ID",
      description =
          "The sweep (see: sweep list), or 'any': every sweep with queued trials, oldest first.")
  String sweep;

  @Option(
      names = "--poll",
      paramLabel = "SECONDS",
      description =
          "With 'any': when no trial is queued, look again every SECONDS instead of exiting (a"
              + " standing worker, e.g. in docker compose).")
  int poll;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset folder, if not where the sweep was created.")
  Path data;

  /** The exit code of the last sweep worked on: 1 when any of its trials failed. */
  private int lastExit;

  @Override
  public Integer call() throws InterruptedException {
    if (poll < 0) {
      throw new UserException("--poll must be >= 0 seconds, got " + poll);
    }
    if (!sweep.equalsIgnoreCase("any")) {
      if (poll > 0) {
        throw new UserException("--poll goes with 'sweep work any'");
      }
      try (Database database = db.open()) {
        work(database, SweepCli.study(database).store().resolve(sweep));
      }
      return lastExit;
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = db.open()) {
      SweepStore store = SweepCli.study(database).store();
      boolean waiting = false;
      Set<Long> refused = new HashSet<>();
      while (true) {
        Optional<Long> next =
            store.withQueuedTrials().stream().filter(id -> !refused.contains(id)).findFirst();
        boolean ran = false;
        if (next.isPresent()) {
          try {
            // a pass that ran nothing (its trials failing again and again) waits as for none
            ran = work(database, next.get()).done() > 0;
          } catch (UserException e) {
            // this worker cannot run that sweep (other data here, damaged features): the others can
            refused.add(next.get());
            spec.commandLine()
                .getErr()
                .println("sweep " + next.get() + " skipped: " + e.getMessage());
            spec.commandLine().getErr().flush();
            continue;
          }
        }
        if (ran) {
          waiting = false;
        } else if (poll == 0) {
          out.println("no sweep has trials this worker can run");
          return 0;
        } else {
          if (!waiting) {
            out.printf("no sweep has queued trials: looking again every %d s%n", poll);
            out.flush();
            waiting = true;
          }
          Thread.sleep(poll * 1000L);
        }
      }
    }
  }

  private SweepRunner.Summary work(Database database, long id) {
    PrintWriter out = spec.commandLine().getOut();
    Study study = SweepCli.study(database);
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
    lastExit = SweepCli.summary(out, database, study, id, s);
    return s;
  }
}
