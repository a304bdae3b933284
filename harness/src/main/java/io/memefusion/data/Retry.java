package io.memefusion.data;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Backoff between attempts: exponential with jitter, or what the server's Retry-After asks. */
final class Retry {
  private final HubClient.Config config;
  private final AtomicInteger counter;

  Retry(HubClient.Config config, AtomicInteger counter) {
    this.config = config;
    this.counter = counter;
  }

  /** Rate limits and server errors are worth another try; other statuses are final. */
  static boolean retryable(int status) {
    return status == 429 || status == 408 || (status >= 500 && status <= 599);
  }

  /** Counts a retry and sleeps before attempt {@code attempt + 1}. */
  void pause(int attempt, Optional<String> retryAfter) throws InterruptedException {
    counter.incrementAndGet();
    Thread.sleep(delay(attempt, retryAfter).toMillis());
  }

  Duration delay(int attempt, Optional<String> retryAfter) {
    Duration max = config.maxDelay();
    Optional<Duration> asked = retryAfter.flatMap(Retry::parseRetryAfter);
    if (asked.isPresent()) {
      return asked.get().compareTo(max) > 0 ? max : asked.get();
    }
    long base = config.baseDelay().toMillis() << Math.min(20, attempt - 1);
    long capped = Math.min(base, max.toMillis());
    // "equal jitter": half fixed, half random, so parallel workers do not retry in lockstep
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  /** Retry-After is either seconds or an HTTP date. */
  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException ignored) {
        return Optional.empty();
      }
    }
  }
}
