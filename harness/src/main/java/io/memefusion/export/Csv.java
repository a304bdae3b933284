package io.memefusion.export;

/** RFC 4180 CSV fields and numbers that read back to the same double. */
final class Csv {
  private Csv() {}

  /** A field, quoted when it holds a comma, quote, CR or LF. */
  static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Shortest exact text of a double (Java's repr), empty for null. */
  static String number(Double v) {
    return v == null ? "" : Double.toString(v);
  }
}
