package io.memefusion.cli;

import io.memefusion.db.Database;
import io.memefusion.db.SweepRow;
import io.memefusion.db.TrialCounts;
import io.memefusion.sweep.SweepStore;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memefusion sweep list}: every sweep with its progress. */
@Command(name = "list", description = "List sweeps, newest first, with their progress.")
final class SweepListCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

  @Mixin DbOptions db;
  @Spec CommandSpec spec;

  @Option(
      names = "--stale-after",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "A running sweep without a heartbeat for this long is shown as stopped (default:"
              + " ${DEFAULT-VALUE}).")
  int staleAfter;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = db.open()) {
      SweepStore store = new SweepStore(database);
      List<SweepRow> sweeps = store.sweeps();
      if (sweeps.isEmpty()) {
        out.println("no sweeps yet (start one: memefusion sweep start --demo)");
        return 0;
      }
      out.printf(
          Locale.ROOT,
          "%5s  %-16s  %-8s  %9s  %6s  %-16s  %s%n",
          "id",
          "created",
          "status",
          "done",
          "failed",
          "name",
          "");
      for (SweepRow s : sweeps) {
        TrialCounts c = store.counts(s.id());
        String hint = "";
        if (s.status().equals("running")) {
          Optional<Double> since = store.secondsSinceHeartbeat(s.id());
          if (since.isEmpty() || since.get() > staleAfter) {
            hint = "no live worker: memefusion sweep resume " + s.id();
          } else {
            hint = c.running() + " running";
          }
        } else if (s.status().equals("failed")) {
          hint = "retry: memefusion sweep resume " + s.id();
        }
        out.printf(
            Locale.ROOT,
            "%5d  %-16s  %-8s  %9s  %6d  %-16s  %s%n",
            s.id(),
            WHEN.format(s.createdAt()),
            s.status(),
            c.done() + "/" + c.total(),
            c.failed(),
            s.name(),
            hint);
      }
    }
    out.flush();
    return 0;
  }
}
