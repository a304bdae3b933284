package io.memefusion.dashboard;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * (A copy of the harness's test {@code Await}.) Waits for something to happen (a row written, a
 * file downloaded, a port printed), never for time to pass: the condition is polled, first every
 * millisecond and backing off to every 50 ms, until it holds or the deadline passes. Tests use it
 * instead of sleeping; where a test needs time itself to pass, it moves the clock (an injected
 * {@code Clock}, or a timestamp backdated in the database).
 */
public final class Await {
  /** A condition that may throw: checked again on the next poll if it does not hold yet. */
  @FunctionalInterface
  public interface Probe<T> {
    Optional<T> poll() throws Exception;
  }

  /** A condition without a value. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {}

  /** Whether {@code condition} held within {@code timeout}. */
  public static boolean until(Duration timeout, Condition condition) throws Exception {
    return first(timeout, () -> condition.holds() ? Optional.of(true) : Optional.empty())
        .isPresent();
  }

  /** The first value {@code probe} gives within {@code timeout}; empty when the deadline passed. */
  public static <T> Optional<T> first(Duration timeout, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = Duration.ofMillis(1).toNanos();
    while (true) {
      Optional<T> value = probe.poll();
      if (value.isPresent() || System.nanoTime() - deadline >= 0) {
        return value;
      }
      LockSupport.parkNanos(pause);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting");
      }
      pause = Math.min(pause * 2, Duration.ofMillis(50).toNanos());
    }
  }
}
