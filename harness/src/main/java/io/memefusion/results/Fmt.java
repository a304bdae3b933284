package io.memefusion.results;

import io.memefusion.eval.Interval;
import java.util.Locale;

/** How numbers are written in the report and the analysis exports: 3 decimals, "—" for none. */
public final class Fmt {
  public static final String NONE = "—";

  private Fmt() {}

  public static String num(double v) {
    return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%.3f", v);
  }

  /** A signed difference: +0.021 / −0.013. */
  public static String signed(double v) {
    if (Double.isNaN(v)) {
      return NONE;
    }
    String s = String.format(Locale.ROOT, "%+.3f", v);
    return s.startsWith("-") ? "−" + s.substring(1) : s;
  }

  public static String meanStd(MeanStd m) {
    return m == null ? NONE : num(m.mean()) + " ± " + num(m.std());
  }

  public static String ci(Interval i) {
    if (i == null || Double.isNaN(i.lower())) {
      return NONE;
    }
    return "[" + num(i.lower()) + ", " + num(i.upper()) + "]";
  }

  /** A signed interval for differences. */
  public static String signedCi(Interval i) {
    if (i == null || Double.isNaN(i.lower())) {
      return NONE;
    }
    return "[" + signed(i.lower()) + ", " + signed(i.upper()) + "]";
  }

  public static String pct(double fraction) {
    return Double.isNaN(fraction) ? NONE : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  public static String seconds(double s) {
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%.1f min", s / 60);
    }
    return String.format(Locale.ROOT, "%.2f h", s / 3600);
  }

  /** Model names as readers know them. */
  public static String model(String dbName) {
    switch (dbName) {
      case "text":
        return "Text only";
      case "image":
        return "Image only";
      case "early_fusion":
        return "Early fusion";
      case "late_fusion":
        return "Late fusion";
      case "align_fusion":
        return "Align fusion";
      case "bilinear_fusion":
        return "Bilinear fusion";
      case "gated_fusion":
        return "Gated fusion";
      default:
        return dbName;
    }
  }
}
