package io.memefusion.dashboard.web;

import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.eval.Metric;
import io.memefusion.results.MeanStd;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How numbers, times and progress read on every page (times in the server's time zone). */
public final class Formats {
  private final Clock clock;
  private final DateTimeFormatter time;

  public Formats(Clock clock) {
    this.clock = clock;
    this.time =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(clock.getZone());
  }

  public String time(Instant t) {
    return t == null ? "–" : time.format(t);
  }

  /** "3m07s", "1h02m"; "–" before the sweep started. */
  public String duration(SweepSummary s) {
    Duration d = s.duration(clock);
    if (d == null) {
      return "–";
    }
    long sec = d.getSeconds();
    if (sec >= 48 * 3600) {
      return String.format(Locale.ROOT, "%dd%02dh", sec / 86400, (sec / 3600) % 24);
    }
    if (sec >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", sec / 3600, (sec / 60) % 60);
    }
    return String.format(Locale.ROOT, "%dm%02ds", sec / 60, sec % 60);
  }

  /** A metric with three decimals, "–" when missing. */
  public String metric(Double v) {
    return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Column header of a metric: "accuracy", ..., "AUROC". */
  public String metricName(Metric m) {
    return m == Metric.AUROC ? "AUROC" : m.column();
  }

  public String meanStd(MeanStd v) {
    return v == null ? "–" : metric(v.mean()) + " ± " + metric(v.std());
  }

  public String proba(double p) {
    return String.format(Locale.ROOT, "%.3f", p);
  }

  /** Finished share of a sweep's trials, e.g. "75%". */
  public String percentDone(SweepSummary s) {
    return s.total() == 0 ? "0%" : Math.round(100.0 * (s.done() + s.failed()) / s.total()) + "%";
  }

  /** A stacked bar segment of a sweep's progress, in a 0..100 wide SVG. */
  public record Segment(double x, double width, String cssClass, String label) {}

  public List<Segment> progress(SweepSummary s) {
    List<Segment> out = new ArrayList<>();
    if (s.total() == 0) {
      return out;
    }
    int[] counts = {s.done(), s.failed(), s.running(), s.queued()};
    String[] names = {"done", "failed", "running", "queued"};
    double x = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        double w = 100.0 * counts[i] / s.total();
        out.add(new Segment(x, w, "bar-" + names[i], counts[i] + " " + names[i]));
        x += w;
      }
    }
    return out;
  }
}
