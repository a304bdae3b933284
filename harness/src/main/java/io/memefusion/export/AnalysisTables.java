package io.memefusion.export;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import java.util.ArrayList;
import java.util.List;

/**
 * The analysis of a sweep as tables for the exports (Markdown, CSV, LaTeX) and the report, so every
 * place shows the same formatted numbers: the {@link Table} record, the list of every table of a
 * sweep and its renderings. The tables themselves are built by {@link ResultCiTables} (the sweep's
 * result tables with CI columns) and {@link DiagnosticTables} (paired comparisons, calibration,
 * reliance, confounders).
 */
public final class AnalysisTables {
  private AnalysisTables() {}

  /** A formatted table; {@code name} is a file-name stem (e.g. {@code analysis_ci}). */
  public record Table(
      String name, String caption, List<String> headers, List<List<String>> rows, String note) {
    public Table {
      headers = List.copyOf(headers);
      rows = rows.stream().map(List::copyOf).toList();
    }

    /** Columns holding numbers (right-aligned): all but the leading text columns. */
    public boolean numeric(int column) {
      return !rows.isEmpty()
          && rows.stream().allMatch(r -> r.get(column).matches("^[−+\\-\\[0-9—].*"));
    }
  }

  /**
   * Every analysis table of a sweep: its dev and test tables with CI columns, the intervals of the
   * other labeled splits, paired comparisons, calibration, modality reliance and confounders.
   */
  public static List<Table> all(SweepResults results, SweepAnalysisResult a) {
    List<Table> out = new ArrayList<>();
    out.add(ResultCiTables.chosen(results));
    List<String> inTables = new ArrayList<>();
    for (List<ResultTable> tables : List.of(results.devTables(), results.testTables())) {
      for (ResultTable t : tables) {
        inTables.add(t.split());
        if (!t.rows().isEmpty()) {
          out.add(ResultCiTables.withCis(t, a));
        }
      }
    }
    List<String> other =
        a.splits().stream()
            .filter(s -> s.labeled() && !inTables.contains(s.name()))
            .map(SweepAnalysisResult.SplitSummary::name)
            .toList();
    if (!other.isEmpty()) {
      out.add(ResultCiTables.cis(a, other));
    }
    out.add(DiagnosticTables.paired(a));
    out.add(DiagnosticTables.calibration(a));
    if (!a.reliance().isEmpty()) {
      out.add(DiagnosticTables.reliance(a));
    }
    for (ThresholdRule rule : ThresholdRule.values()) {
      if (a.confounders().stream().anyMatch(c -> c.rule() == rule)) {
        out.add(DiagnosticTables.confounders(a, rule));
      }
    }
    return out;
  }

  /**
   * The analysis tables in an export format, to append to {@code TableFormat.render(results)}:
   * Markdown and LaTeX tables one after another; CSV as one file with a leading {@code table}
   * column naming each row's table; text as Markdown.
   */
  public static String render(TableFormat format, SweepResults results, SweepAnalysisResult a) {
    List<Table> tables = all(results, a);
    StringBuilder b = new StringBuilder();
    switch (format) {
      case CSV:
        for (Table t : tables) {
          List<String> header = new ArrayList<>(List.of("table"));
          header.addAll(t.headers());
          List<List<String>> rows = new ArrayList<>();
          for (List<String> r : t.rows()) {
            List<String> row = new ArrayList<>(List.of(t.name()));
            row.addAll(r);
            rows.add(row);
          }
          b.append(csv(new Table(t.name(), t.caption(), header, rows, t.note())));
        }
        return b.toString();
      case LATEX:
        tables.forEach(t -> b.append(latex(t)).append('\n'));
        return b.toString();
      default:
        b.append("## Analysis\n\n");
        tables.forEach(t -> b.append(markdown(t)));
        a.notes().forEach(n -> b.append("- ").append(n).append('\n'));
        return b.toString();
    }
  }

  // ---- renderings

  public static String markdown(Table t) {
    StringBuilder b = new StringBuilder();
    b.append("**")
        .append(t.caption())
        .append("**\n\n| ")
        .append(String.join(" | ", t.headers()))
        .append(" |\n|");
    for (int c = 0; c < t.headers().size(); c++) {
      b.append(c > 0 && t.numeric(c) ? " ---: |" : " --- |");
    }
    b.append('\n');
    for (List<String> row : t.rows()) {
      b.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    if (t.note() != null && !t.note().isBlank()) {
      b.append("\n_").append(t.note()).append("_\n");
    }
    return b.append('\n').toString();
  }

  /** CSV with a header row; cells quoted when needed (RFC 4180), formulas neutralised. */
  public static String csv(Table t) {
    StringBuilder b = new StringBuilder();
    b.append(String.join(",", t.headers().stream().map(AnalysisTables::csvCell).toList()))
        .append('\n');
    for (List<String> row : t.rows()) {
      b.append(String.join(",", row.stream().map(AnalysisTables::csvCell).toList())).append('\n');
    }
    return b.toString();
  }

  public static String latex(Table t) {
    StringBuilder b = new StringBuilder();
    b.append("\\begin{table}[t]\n\\centering\n\\small\n\\caption{")
        .append(tex(t.caption()))
        .append("}\n");
    b.append("\\begin{tabular}{");
    for (int c = 0; c < t.headers().size(); c++) {
      b.append(c > 0 && t.numeric(c) ? 'r' : 'l');
    }
    b.append("}\n\\hline\n");
    b.append(String.join(" & ", t.headers().stream().map(AnalysisTables::tex).toList()))
        .append(" \\\\\n\\hline\n");
    for (List<String> row : t.rows()) {
      b.append(String.join(" & ", row.stream().map(AnalysisTables::tex).toList()))
          .append(" \\\\\n");
    }
    b.append("\\hline\n\\end{tabular}\n\\end{table}\n");
    return b.toString();
  }

  private static String csvCell(String s) {
    return Csv.field(s);
  }

  private static String tex(String s) {
    return s.replace("\\", "\\textbackslash{}")
        .replace("&", "\\&")
        .replace("%", "\\%")
        .replace("_", "\\_")
        .replace("#", "\\#")
        .replace("±", "$\\pm$")
        .replace("−", "$-$")
        .replace("Δ", "$\\Delta$")
        .replace("≤", "$\\leq$");
  }
}
