package io.memefusion.bench;

import java.io.PrintWriter;
import java.util.Locale;

/** The rate lines of {@link ExtractionBenchmark}: what ran, how fast, against naive and fp32. */
final class RateLines {
  private final PrintWriter out;

  RateLines(PrintWriter out) {
    this.out = out;
  }

  void print(String what, int n, double seconds, String unit, double speedup, double cosine) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "  %-52s %4d %s in %5.2f s = %7.1f %s/s",
                what,
                n,
                unit,
                seconds,
                n / seconds,
                unit));
    if (!Double.isNaN(speedup)) {
      line.append(String.format(Locale.ROOT, "  %5.1fx", speedup));
    }
    if (!Double.isNaN(cosine)) {
      line.append(
          String.format(
              Locale.ROOT,
              "  min cosine to fp32 %.4f%s",
              cosine,
              cosine >= ExtractionBenchmark.MIN_COSINE ? "" : " (too far: not counted)"));
    }
    out.println(line);
    out.flush();
  }
}
