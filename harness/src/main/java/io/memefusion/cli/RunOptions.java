package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.sweep.SweepRunner;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How this process works on a sweep: worker threads, group size, when other workers are dead. */
public final class RunOptions {
  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Worker threads in this process (default: one per core).")
  Integer workers;

  @Option(
      names = "--group",
      paramLabel = "K",
      description =
          "Trials claimed at once; those sharing model, hidden size, learning rate, batch size and"
              + " seed train in one TF graph (default: 0, automatic: the sweep's largest such"
              + " group, up to 16).")
  Integer group;

  @Option(
      names = "--max-trials",
      paramLabel = "N",
      description = "Stop after N trials (default: until none is queued).")
  Integer maxTrials;

  @Option(
      names = "--stale-after",
      paramLabel = "SECONDS",
      description =
          "A running trial whose worker sent no heartbeat for this long is taken over"
              + " (default: 120; workers beat every 10 s).")
  Integer staleAfter;

  public SweepRunner.Options options() {
    SweepRunner.Options o = SweepRunner.Options.defaults();
    try {
      if (workers != null) {
        o = o.withWorkers(workers);
      }
      if (group != null) {
        o = o.withGroupSize(group);
      }
      if (maxTrials != null) {
        o = o.withMaxTrials(maxTrials);
      }
      if (staleAfter != null) {
        o = o.withStaleAfter(Duration.ofSeconds(staleAfter));
      }
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    return o;
  }
}
