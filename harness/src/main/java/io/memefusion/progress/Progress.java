package io.memefusion.progress;

/**
 * Progress of a long step (download, extraction, sweep), reported by library code and drawn by the
 * command line. Implementations must be thread-safe: workers call {@link #advance} in parallel.
 */
public interface Progress {
  /** A progress that shows nothing (tests, library use). */
  Progress NONE =
      new Progress() {
        @Override
        public void start(String task, long total, String unit) {}

        @Override
        public void advance(long amount) {}

        @Override
        public void done(String summary) {}
      };

  /** Starts a task of {@code total} units ({@code total <= 0}: unknown), e.g. "bytes", "memes". */
  void start(String task, long total, String unit);

  /** {@code amount} more units are done. */
  void advance(long amount);

  /** The task ended; {@code summary} is one line for the user (may be empty). */
  void done(String summary);

  /**
   * What is happening inside the current unit, e.g. "trial 12: epoch 3/200" while a long trial
   * trains; shown beside the bar. Called often: implementations throttle what they draw.
   */
  default void status(String detail) {}
}
