package io.memefusion.dashboard.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One sweep with its trial counts by status: a row of the sweeps page and the sweep page's head.
 * {@code note} is the researcher's note ({@code memefusion sweep note}), null when none.
 */
public record SweepSummary(
    long id,
    String name,
    String note,
    String status,
    String datasetName,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int done,
    int running,
    int failed,
    int queued) {
  public SweepSummary {
    Objects.requireNonNull(name, "name of sweep " + id);
    Objects.requireNonNull(status, "status of sweep " + id);
    if (done < 0 || running < 0 || failed < 0 || queued < 0) {
      throw new IllegalArgumentException("negative trial count in sweep " + id);
    }
  }

  /** The same sweep under the dataset name {@code name}. */
  public SweepSummary withDatasetName(String name) {
    return new SweepSummary(
        id,
        this.name,
        note,
        status,
        name,
        createdAt,
        startedAt,
        finishedAt,
        done,
        running,
        failed,
        queued);
  }

  public boolean hasNote() {
    return note != null && !note.isBlank();
  }

  public int total() {
    return done + running + failed + queued;
  }

  public boolean isRunning() {
    return "running".equals(status);
  }

  /** Wall time from start to finish, or to now while it runs; null before it started. */
  public Duration duration(Clock clock) {
    if (startedAt == null) {
      return null;
    }
    Instant end = finishedAt != null ? finishedAt : clock.instant();
    return end.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, end);
  }
}
