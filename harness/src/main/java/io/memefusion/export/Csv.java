package io.memefusion.export;

/** RFC 4180 CSV fields and numbers that read back to the same double. */
final class Csv {
  private Csv() {}

  /** A decimal number as Java or a person writes it: "-0.013", "1.5E-4", "+7". */
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  /**
   * A text field, quoted when it holds a comma, quote, CR or LF. Text that a spreadsheet would run
   * as a formula (starting with {@code = + - @}, tab or CR, e.g. a hostile meme id {@code
   * =HYPERLINK(..)}) gets a leading apostrophe, which spreadsheets show as text; a number such as
   * {@code -0.013} stays a number.
   */
  static String field(String s) {
    if (s == null) {
      return "";
    }
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !NUMBER.matcher(s).matches()) {
      return "\"'" + s.replace("\"", "\"\"") + '"';
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /**
   * A decision threshold as text that compares with the exported probabilities as the harness
   * compares them. The harness picks thresholds among float32 probabilities and compares {@code
   * proba >= threshold} with both widened to double; probabilities are exported as their shortest
   * float32 text, so a threshold that is a float32 value must be too: read back as 64-bit doubles
   * by any language, a meme whose probability equals the threshold then stays on the same side of
   * it (the double text of the widened float, e.g. 0.11174033582210541, reads back above the
   * probability's 0.11174034 half the time).
   */
  static String threshold(double t) {
    float f = (float) t;
    return (double) f == t ? Float.toString(f) : Double.toString(t);
  }

  /** Shortest exact text of a double (Java's repr), empty for null. */
  static String number(Double v) {
    return v == null ? "" : Double.toString(v);
  }
}
