package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Progress output in a pipe: few lines, one unit style; time passes on a hand-moved clock. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TerminalProgressTest {
  /** A clock the test moves. */
  private static final class HandClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void inAPipeALongTaskPrintsALineEveryFiveSecondsAtMostAndItsFinalLine() {
    StringWriter text = new StringWriter();
    HandClock clock = new HandClock();
    TerminalProgress p = new TerminalProgress(new PrintWriter(text), false, clock);
    p.start("download bert", 400_000_000L, "bytes");
    for (int i = 0; i < 120; i++) { // 12 s, 120 chunks of 3.2 MB
      clock.advance(Duration.ofMillis(100));
      p.advance(3_200_000L);
    }
    p.done(null);
    assertThat(text.toString().lines())
        .containsExactly(
            "download bert: 40% (160 MB/400 MB)",
            "download bert: 80% (320 MB/400 MB)", "download bert: 384 MB/400 MB (12.0 s)");
  }

  @Test
  void inAPipeAQuickTaskPrintsOnlyItsFinalLine() {
    StringWriter text = new StringWriter();
    HandClock clock = new HandClock();
    TerminalProgress p = new TerminalProgress(new PrintWriter(text), false, clock);
    p.start("text train", 600, "texts");
    for (int i = 0; i < 600; i++) {
      clock.advance(Duration.ofMillis(1));
      p.advance(1);
    }
    p.done("600 texts embedded");
    assertThat(text.toString().lines())
        .containsExactly("text train: 600/600 texts (0.6 s)", "  600 texts embedded");
  }

  @Test
  void byteCountsReadInOneUnitStyle() {
    assertThat(TerminalProgress.amount(408_267_264L, "bytes")).isEqualTo("408 MB");
    assertThat(TerminalProgress.amount(42_000_000L, "bytes")).isEqualTo("42 MB");
    assertThat(TerminalProgress.amount(2_500_000_000L, "bytes")).isEqualTo("2.5 GB");
    assertThat(TerminalProgress.amount(12_345L, "bytes")).isEqualTo("12 kB");
    assertThat(TerminalProgress.amount(512L, "bytes")).isEqualTo("512 bytes");
    assertThat(TerminalProgress.amount(1000L, "images")).isEqualTo("1000 images");
  }
}
