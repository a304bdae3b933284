package io.memefusion.cli;

import io.memefusion.progress.Progress;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar with rate and ETA, redrawn at most every 200 ms. When the output is not a
 * terminal (CI logs, pipes) it prints a plain line at most every {@link #PLAIN_EVERY} per task, and
 * the task's final line; a task done sooner prints only its final line. Byte counts read as {@code
 * 42 MB} (decimal units), other counts as plain numbers with their unit.
 */
public final class TerminalProgress implements Progress {
  /**
   * The shortest gap between two plain progress lines of one task when output is not a terminal.
   */
  public static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

  private static final int WIDTH = 28;
  private final PrintWriter out;
  private final boolean interactive;
  private final Clock clock;
  private final AtomicLong done = new AtomicLong();
  private volatile String task = "";
  private volatile String unit = "";
  private volatile long total;
  private volatile long startMillis;
  private long lastDrawMillis;
  private volatile String detail = "";
  private long lastDetailMillis;

  /** A plain output prints what happens inside a unit at most this often. */
  private static final Duration DETAIL_EVERY = Duration.ofSeconds(30);

  public TerminalProgress(PrintWriter out, boolean interactive) {
    this(out, interactive, Clock.systemUTC());
  }

  /** {@code clock} times the lines (tests pass their own instead of waiting). */
  public TerminalProgress(PrintWriter out, boolean interactive, Clock clock) {
    this.out = out;
    this.interactive = interactive;
    this.clock = clock;
  }

  /** A progress bar on the given writer, interactive when a console is attached. */
  public static TerminalProgress on(PrintWriter out) {
    return new TerminalProgress(out, System.console() != null);
  }

  @Override
  public synchronized void start(String task, long total, String unit) {
    this.task = task;
    this.total = total;
    this.unit = unit;
    this.startMillis = clock.millis();
    this.lastDrawMillis = startMillis;
    this.detail = "";
    this.lastDetailMillis = startMillis;
    done.set(0);
    if (interactive) {
      draw(true);
    }
  }

  @Override
  public void advance(long amount) {
    done.addAndGet(amount);
    draw(false);
  }

  /**
   * Shown at the end of the bar; a plain output (a log) gets it as a line at most every 30 s, so a
   * long trial still shows it is alive.
   */
  @Override
  public void status(String text) {
    detail = text == null ? "" : text;
    if (interactive) {
      draw(false);
      return;
    }
    synchronized (this) {
      long now = clock.millis();
      if (now - lastDetailMillis >= DETAIL_EVERY.toMillis()) {
        lastDetailMillis = now;
        out.printf(Locale.ROOT, "%s: %s%n", task, detail);
        out.flush();
      }
    }
  }

  @Override
  public synchronized void done(String summary) {
    if (interactive) {
      draw(true);
      out.print("\r\033[K");
    }
    double secs = (clock.millis() - startMillis) / 1e3;
    out.printf(Locale.ROOT, "%s: %s (%.1f s)%n", task, amounts(done.get()), secs);
    if (summary != null && !summary.isBlank()) {
      out.println("  " + summary);
    }
    out.flush();
  }

  private synchronized void draw(boolean force) {
    long now = clock.millis();
    long d = done.get();
    if (!interactive) {
      if (now - lastDrawMillis >= PLAIN_EVERY.toMillis()) {
        lastDrawMillis = now;
        out.printf(
            Locale.ROOT,
            "%s: %s%s%n",
            task,
            total > 0 ? (d * 100 / total) + "% (" : "",
            amounts(d) + (total > 0 ? ")" : ""));
        out.flush();
      }
      return;
    }
    if (!force && now - lastDrawMillis < 200) {
      return;
    }
    lastDrawMillis = now;
    double secs = Math.max(1e-3, (now - startMillis) / 1e3);
    double rate = d / secs;
    StringBuilder line = new StringBuilder("\r\033[K").append(task).append(' ');
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, d * WIDTH / total);
      line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      line.append(String.format(Locale.ROOT, "%3d%% ", d * 100 / total));
      line.append(amounts(d));
      if (rate > 0 && d < total) {
        line.append(String.format(Locale.ROOT, " ETA %s", eta((total - d) / rate)));
      }
    } else {
      line.append(amount(d, unit));
    }
    line.append(' ').append(amount((long) rate, unit)).append("/s");
    if (!detail.isEmpty()) {
      line.append(" · ").append(detail);
    }
    out.print(line);
    out.flush();
  }

  /** "38 MB/42 MB", "64/200 images", or without a total "64 images". */
  private String amounts(long d) {
    if (total <= 0) {
      return amount(d, unit);
    }
    if (isBytes(unit)) {
      return amount(d, unit) + "/" + amount(total, unit);
    }
    return count(d) + "/" + amount(total, unit);
  }

  /** One amount in the one unit style: {@code 42 MB}, {@code 1.2 GB}, {@code 1000 images}. */
  static String amount(long n, String unit) {
    if (!isBytes(unit)) {
      return count(n) + " " + unit;
    }
    if (n >= 10_000_000_000L) {
      return Math.round(n / 1e9) + " GB";
    }
    if (n >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.1f GB", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return Math.round(n / 1e6) + " MB";
    }
    if (n >= 1_000L) {
      return Math.round(n / 1e3) + " kB";
    }
    return n + " bytes";
  }

  private static boolean isBytes(String unit) {
    return "bytes".equals(unit);
  }

  private static String eta(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s / 60) % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  private static String count(long n) {
    return Long.toString(n);
  }
}
