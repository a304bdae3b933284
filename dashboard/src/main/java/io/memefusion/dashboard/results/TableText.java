package io.memefusion.dashboard.results;

import io.memefusion.eval.Metric;
import io.memefusion.export.MeanStd;
import io.memefusion.export.ModelRow;
import io.memefusion.export.ResultTable;
import io.memefusion.export.SweepResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The export files of a sweep's tables: Markdown, CSV and LaTeX. */
public final class TableText {
  private TableText() {}

  public static String render(SweepResults r, ExportFormat format) {
    List<ResultTable> tables = new ArrayList<>(r.devTables());
    tables.addAll(r.testTables());
    switch (format) {
      case CSV:
        return csv(tables);
      case LATEX:
        return latex(r, tables);
      default:
        return markdown(r, tables);
    }
  }

  private static String csv(List<ResultTable> tables) {
    StringBuilder out = new StringBuilder("split,threshold_rule,model,config_key,seeds");
    for (Metric m : Metric.values()) {
      out.append(',').append(m.column()).append("_mean,").append(m.column()).append("_std");
    }
    out.append('\n');
    for (ResultTable t : tables) {
      for (ModelRow row : t.rows()) {
        out.append(t.split())
            .append(',')
            .append(t.rule().dbName())
            .append(',')
            .append(row.model())
            .append(',')
            .append(csvField(row.configKey()))
            .append(',')
            .append(row.trialIds().size());
        for (Metric m : Metric.values()) {
          MeanStd v = row.metrics().get(m);
          out.append(',').append(v == null ? "" : num(v.mean()));
          out.append(',').append(v == null ? "" : num(v.std()));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String markdown(SweepResults r, List<ResultTable> tables) {
    StringBuilder out = new StringBuilder("# Sweep ").append(r.sweepName()).append("\n");
    for (ResultTable t : tables) {
      out.append("\n## ")
          .append(t.split())
          .append(" (threshold ")
          .append(t.rule().dbName())
          .append(")\n\n");
      if (t.rows().isEmpty()) {
        out.append(t.note()).append("\n");
        continue;
      }
      out.append("| model | configuration | seeds |");
      for (Metric m : Metric.values()) {
        out.append(' ').append(m.column()).append(" |");
      }
      out.append("\n|---|---|---:|");
      out.append("---:|".repeat(Metric.values().length)).append('\n');
      for (ModelRow row : t.rows()) {
        out.append("| ")
            .append(row.model())
            .append(" | ")
            .append(row.configKey())
            .append(" | ")
            .append(row.trialIds().size())
            .append(" |");
        for (Metric m : Metric.values()) {
          String cell = cell(row.metrics().get(m), " ± ");
          out.append(' ').append(isBest(t, row, m) ? "**" + cell + "**" : cell).append(" |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String latex(SweepResults r, List<ResultTable> tables) {
    StringBuilder out = new StringBuilder();
    for (ResultTable t : tables) {
      if (t.rows().isEmpty()) {
        continue;
      }
      out.append("% sweep ")
          .append(r.sweepName().replaceAll("[\\r\\n]", " "))
          .append(": ")
          .append(t.split())
          .append(", threshold ")
          .append(t.rule().dbName())
          .append("\n\\begin{tabular}{l")
          .append("r".repeat(Metric.values().length))
          .append("}\n\\hline\nModel");
      for (Metric m : Metric.values()) {
        out.append(" & ").append(m.column());
      }
      out.append(" \\\\\n\\hline\n");
      for (ModelRow row : t.rows()) {
        out.append(row.model().replace("_", "\\_"));
        for (Metric m : Metric.values()) {
          String cell = cell(row.metrics().get(m), " $\\pm$ ");
          out.append(" & ").append(isBest(t, row, m) ? "\\textbf{" + cell + "}" : cell);
        }
        out.append(" \\\\\n");
      }
      out.append("\\hline\n\\end{tabular}\n\n");
    }
    return out.toString();
  }

  /** True when the row has the highest mean of the column (ties all count as best). */
  public static boolean isBest(ResultTable table, ModelRow row, Metric metric) {
    MeanStd mine = row.metrics().get(metric);
    if (mine == null) {
      return false;
    }
    return table.rows().stream()
        .map(r -> r.metrics().get(metric))
        .filter(v -> v != null)
        .allMatch(v -> v.mean() <= mine.mean());
  }

  private static String cell(MeanStd v, String pm) {
    return v == null ? "–" : fixed(v.mean()) + pm + fixed(v.std());
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
