package io.memefusion.cli;

import io.memefusion.progress.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar with rate and ETA, redrawn at most every 200 ms. When the output is not a
 * terminal (CI logs, pipes) it prints a plain line every 10% instead of carriage returns.
 */
public final class TerminalProgress implements Progress {
  private static final int WIDTH = 28;
  private final PrintWriter out;
  private final boolean interactive;
  private final AtomicLong done = new AtomicLong();
  private volatile String task = "";
  private volatile String unit = "";
  private volatile long total;
  private volatile long startNanos;
  private long lastDrawNanos;
  private long lastDecile = -1;
  private volatile String detail = "";
  private long lastDetailNanos;

  /** A plain output prints what happens inside a unit at most this often. */
  private static final long DETAIL_EVERY_NANOS = 30_000_000_000L;

  public TerminalProgress(PrintWriter out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
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
    this.startNanos = System.nanoTime();
    this.lastDrawNanos = 0;
    this.lastDecile = -1;
    this.detail = "";
    this.lastDetailNanos = System.nanoTime();
    done.set(0);
    draw(true);
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
      long now = System.nanoTime();
      if (now - lastDetailNanos >= DETAIL_EVERY_NANOS) {
        lastDetailNanos = now;
        out.printf(Locale.ROOT, "%s: %s%n", task, detail);
        out.flush();
      }
    }
  }

  @Override
  public synchronized void done(String summary) {
    draw(true);
    if (interactive) {
      out.print("\r\033[K");
    }
    double secs = (System.nanoTime() - startNanos) / 1e9;
    out.printf(
        Locale.ROOT,
        "%s: %s%s (%.1f s)%n",
        task,
        fmt(done.get()),
        total > 0 ? "/" + fmt(total) + " " + unit : " " + unit,
        secs);
    if (summary != null && !summary.isBlank()) {
      out.println("  " + summary);
    }
    out.flush();
  }

  private synchronized void draw(boolean force) {
    long now = System.nanoTime();
    long d = done.get();
    if (!interactive) {
      long decile = total > 0 ? d * 10 / total : -1;
      if (total > 0 && (decile != lastDecile || force) && decile < 10) {
        lastDecile = decile;
        out.printf(
            Locale.ROOT, "%s: %d%% (%s/%s %s)%n", task, decile * 10, fmt(d), fmt(total), unit);
        out.flush();
      }
      return;
    }
    if (!force && now - lastDrawNanos < 200_000_000L) {
      return;
    }
    lastDrawNanos = now;
    double secs = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = d / secs;
    StringBuilder line = new StringBuilder("\r\033[K").append(task).append(' ');
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, d * WIDTH / total);
      line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      line.append(String.format(Locale.ROOT, "%3d%% ", d * 100 / total));
      line.append(fmt(d)).append('/').append(fmt(total)).append(' ').append(unit);
      if (rate > 0 && d < total) {
        line.append(String.format(Locale.ROOT, " ETA %s", eta((total - d) / rate)));
      }
    } else {
      line.append(fmt(d)).append(' ').append(unit);
    }
    line.append(String.format(Locale.ROOT, " %s %s/s", fmt((long) rate), unit));
    if (!detail.isEmpty()) {
      line.append(" · ").append(detail);
    }
    out.print(line);
    out.flush();
  }

  private static String eta(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s / 60) % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  private static String fmt(long n) {
    if (n >= 10_000_000_000L) {
      return (n >> 30) + "G";
    }
    if (n >= 10_000_000L) {
      return (n >> 20) + "M";
    }
    return Long.toString(n);
  }
}
