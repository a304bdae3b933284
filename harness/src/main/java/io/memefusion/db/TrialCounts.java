package io.memefusion.db;

/** How many trials of a sweep are in each state. */
public record TrialCounts(int queued, int running, int done, int failed) {
  public int total() {
    return queued + running + done + failed;
  }

  /** Trials nobody will work on any more. */
  public int finished() {
    return done + failed;
  }
}
