package io.memefusion.data;

import io.memefusion.data.DataAudit.Report;
import io.memefusion.data.DataAudit.SplitAudit;
import io.memefusion.data.ImageCheck.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints a {@link DataAudit.Report} as a table for people. */
final class AuditText {
  private static final List<Status> PROBLEMS =
      List.of(
          Status.MISSING,
          Status.TRUNCATED,
          Status.NOT_AN_IMAGE,
          Status.TOO_LARGE,
          Status.UNREADABLE);

  private AuditText() {}

  static void print(Report report, PrintWriter out, int firstIds) {
    Dataset d = report.dataset();
    out.printf(
        Locale.ROOT,
        "data %s: %d splits, content %s%n",
        d.root(),
        d.splits().size(),
        d.contentHash().substring(0, 12));
    splitTable(report, out);
    problems(report, out, firstIds);
    String confounders =
        report.splits().stream()
            .filter(s -> s.textConfounders() > 0)
            .map(s -> s.name() + " " + s.textConfounders())
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    if (!confounders.isEmpty()) {
      out.println("memes whose caption recurs in the split with the other label: " + confounders);
    }
    for (LoadReport.Warning w : report.loadReport().warnings()) {
      out.println("warning: " + w.line());
    }
    for (String note : report.notes()) {
      out.println("note: " + note);
    }
    out.println("verdict: " + report.verdict());
    out.flush();
  }

  /** One row per split: rows, labels and the image check counts. */
  private static void splitTable(Report report, PrintWriter out) {
    int nameWidth =
        Math.max(5, report.splits().stream().mapToInt(s -> s.name().length()).max().orElse(5));
    String row = "%-" + nameWidth + "s  %-5s  %6s  %-7s  %-14s  %6s  %7s  %9s  %9s  %9s  %10s%n";
    out.printf(
        Locale.ROOT,
        row,
        "split",
        "role",
        "rows",
        "labeled",
        "hateful",
        "img ok",
        "missing",
        "truncated",
        "not image",
        "too large",
        "unreadable");
    for (SplitAudit s : report.splits()) {
      String hateful =
          !s.labeled() || s.rows() == 0
              ? "-"
              : String.format(
                  Locale.ROOT, "%d (%.1f%%)", s.positives(), 100.0 * s.positives() / s.rows());
      out.printf(
          Locale.ROOT,
          row,
          s.name(),
          s.role().dbName(),
          s.rows(),
          s.labeled() ? "yes" : "no",
          hateful,
          s.count(Status.OK),
          s.count(Status.MISSING),
          s.count(Status.TRUNCATED),
          s.count(Status.NOT_AN_IMAGE),
          s.count(Status.TOO_LARGE),
          s.count(Status.UNREADABLE));
    }
  }

  /** Per split and problem: how many, the first ids, and what was wrong with the first. */
  private static void problems(Report report, PrintWriter out, int firstIds) {
    boolean header = false;
    for (SplitAudit s : report.splits()) {
      for (Status status : PROBLEMS) {
        List<String> ids = s.problems().getOrDefault(status, List.of());
        if (ids.isEmpty()) {
          continue;
        }
        if (!header) {
          out.println("image problems (first ids):");
          header = true;
        }
        List<String> shown = ids.subList(0, Math.min(firstIds, ids.size()));
        ImageCheck.Result first = s.firstResults().get(status);
        out.printf(
            Locale.ROOT,
            "  %s: %d %s: %s%s%s%n",
            s.name(),
            ids.size(),
            status.label(),
            String.join(", ", shown),
            ids.size() > shown.size() ? ", ..." : "",
            status == Status.MISSING || first == null
                ? ""
                : " (" + ids.get(0) + ": " + first.detail() + ")");
      }
    }
  }
}
