package io.memefusion.export;

import io.memefusion.eval.Metric;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code export} writes a sweep's dev and test tables: Markdown ({@code 0.712 ± 0.013}), CSV
 * (mean and std columns, full precision), LaTeX (booktabs, escaped) or aligned plain text for the
 * terminal. The best mean of each metric column is bold in Markdown and LaTeX (among the models'
 * rows: the seed ensembles follow the tables and take no part in it).
 */
public enum TableFormat {
  MD("md"),
  CSV("csv"),
  LATEX("latex"),
  TEXT("text");

  private static final String[] HEADERS = {"Accuracy", "Precision", "Recall", "F1", "AUROC"};

  private final String key;

  TableFormat(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /**
   * The dev tables then the test tables, in this format, then their seed ensembles ({@link
   * EnsembleFormat}: appended, so the tables' own lines are those of a sweep without them).
   */
  public String render(SweepResults results) {
    List<ResultTable> tables = new ArrayList<>(results.devTables());
    tables.addAll(results.testTables());
    switch (this) {
      case MD:
        return markdown(results, tables) + EnsembleFormat.markdown(results, tables);
      case CSV:
        return csv(tables) + EnsembleFormat.csv(tables);
      case LATEX:
        return latex(results, tables) + EnsembleFormat.latex(results, tables);
      case TEXT:
        return text(results, tables) + EnsembleFormat.text(results, tables);
      default:
        throw new AssertionError(this);
    }
  }

  /** Dev or Test, from where the table sits in the results. */
  private static String title(SweepResults r, ResultTable t) {
    return r.devTables().contains(t) ? "Dev" : "Test";
  }

  private static String markdown(SweepResults r, List<ResultTable> tables) {
    StringBuilder out = new StringBuilder();
    out.append("# Sweep ")
        .append(r.sweepId())
        .append(": ")
        .append(md(r.sweepName()))
        .append("\n\n");
    out.append("Per model, the configuration with the best mean dev AUROC over seeds;")
        .append(" metrics are mean ± std over its seeds (hateful = positive).\n");
    for (ResultTable t : tables) {
      out.append("\n## ")
          .append(title(r, t))
          .append(": ")
          .append(md(t.split()))
          .append(", threshold ")
          .append(t.rule().dbName())
          .append("\n\n");
      if (!t.rows().isEmpty()) {
        out.append("| Model | Configuration | Seeds |");
        for (String h : HEADERS) {
          out.append(' ').append(h).append(" |");
        }
        out.append("\n|---|---|--:|").append("--:|".repeat(HEADERS.length)).append('\n');
        for (ModelRow row : t.rows()) {
          out.append("| ")
              .append(md(row.model()))
              .append(" | `")
              .append(row.configKey())
              .append("` | ")
              .append(row.trialIds().size())
              .append(" |");
          for (Metric m : Metric.values()) {
            String v = meanStd(row.metrics().get(m), " ± ");
            out.append(' ').append(isBest(t, row, m) ? "**" + v + "**" : v).append(" |");
          }
          out.append('\n');
        }
      }
      if (!t.note().isEmpty()) {
        out.append(t.rows().isEmpty() ? "" : "\n").append(md(t.note())).append('\n');
      }
    }
    return out.toString();
  }

  private static String csv(List<ResultTable> tables) {
    StringBuilder out = new StringBuilder("split,threshold_rule,model,config_key,seeds,trial_ids");
    for (Metric m : Metric.values()) {
      out.append(',').append(m.column()).append("_mean,").append(m.column()).append("_std");
    }
    out.append('\n');
    for (ResultTable t : tables) {
      for (ModelRow row : t.rows()) {
        out.append(Csv.field(t.split()))
            .append(',')
            .append(t.rule().dbName())
            .append(',')
            .append(Csv.field(row.model()))
            .append(',')
            .append(Csv.field(row.configKey()))
            .append(',')
            .append(row.trialIds().size())
            .append(',')
            .append(String.join(" ", row.trialIds().stream().map(String::valueOf).toList()));
        for (Metric m : Metric.values()) {
          MeanStd v = row.metrics().get(m);
          out.append(',').append(v == null ? "" : Csv.number(v.mean()));
          out.append(',').append(v == null ? "" : Csv.number(v.std()));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String latex(SweepResults r, List<ResultTable> tables) {
    StringBuilder out = new StringBuilder();
    out.append("% memefusion sweep ")
        .append(r.sweepId())
        .append(" (")
        .append(tex(r.sweepName()).replace("\n", " "))
        .append("); needs \\usepackage{booktabs}\n");
    for (ResultTable t : tables) {
      out.append("\n\\begin{table}[t]\n\\centering\n\\caption{")
          .append(title(r, t))
          .append(" (")
          .append(tex(t.split()))
          .append("), threshold ")
          .append(tex(t.rule().dbName()))
          .append(
              ": mean $\\pm$ std over seeds of the configuration with the best mean dev AUROC.");
      if (!t.note().isEmpty()) {
        out.append(' ').append(tex(t.note()));
      }
      out.append("}\n");
      if (t.rows().isEmpty()) {
        out.append("\\end{table}\n");
        continue;
      }
      out.append("\\begin{tabular}{llr").append("c".repeat(HEADERS.length)).append("}\n");
      out.append("\\toprule\nModel & Configuration & Seeds");
      for (String h : HEADERS) {
        out.append(" & ").append(h);
      }
      out.append(" \\\\\n\\midrule\n");
      for (ModelRow row : t.rows()) {
        out.append(tex(row.model()))
            .append(" & \\texttt{")
            .append(tex(row.configKey()))
            .append("} & ")
            .append(row.trialIds().size());
        for (Metric m : Metric.values()) {
          MeanStd v = row.metrics().get(m);
          String cell = v == null ? "--" : "$" + meanStd(v, " \\pm ") + "$";
          if (v != null && isBest(t, row, m)) {
            cell = "$\\mathbf{" + meanStd(v, " \\pm ") + "}$";
          }
          out.append(" & ").append(cell);
        }
        out.append(" \\\\\n");
      }
      out.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
    }
    return out.toString();
  }

  private static String text(SweepResults r, List<ResultTable> tables) {
    StringBuilder out = new StringBuilder();
    for (ResultTable t : tables) {
      out.append(title(r, t))
          .append(" (")
          .append(t.split())
          .append(", threshold ")
          .append(t.rule().dbName())
          .append("), mean ± std over seeds:\n");
      if (!t.rows().isEmpty()) {
        List<String[]> lines = new ArrayList<>();
        String[] head = new String[3 + HEADERS.length];
        head[0] = "model";
        head[1] = "seeds";
        for (int i = 0; i < HEADERS.length; i++) {
          head[2 + i] = HEADERS[i];
        }
        head[2 + HEADERS.length] = "configuration";
        lines.add(head);
        for (ModelRow row : t.rows()) {
          String[] cells = new String[head.length];
          cells[0] = row.model();
          cells[1] = String.valueOf(row.trialIds().size());
          int i = 2;
          for (Metric m : Metric.values()) {
            cells[i++] = meanStd(row.metrics().get(m), " ± ");
          }
          cells[i] = row.configKey();
          lines.add(cells);
        }
        int[] width = new int[head.length];
        for (String[] l : lines) {
          for (int i = 0; i < l.length; i++) {
            width[i] = Math.max(width[i], l[i].length());
          }
        }
        for (String[] l : lines) {
          StringBuilder line = new StringBuilder("  ");
          for (int i = 0; i < l.length; i++) {
            boolean left = i == 0 || i == l.length - 1;
            String pad = " ".repeat(width[i] - l[i].length());
            line.append(left ? l[i] + pad : pad + l[i]).append("  ");
          }
          out.append(line.toString().stripTrailing()).append('\n');
        }
      }
      if (!t.note().isEmpty()) {
        out.append("  ").append(t.note()).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code 0.712 ± 0.013} with the given separator; "–" when the metric is undefined. */
  static String meanStd(MeanStd v, String pm) {
    if (v == null) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.3f%s%.3f", v.mean(), pm, v.std());
  }

  /**
   * Whether this row has the best (highest, as printed) mean of the metric; false when all rows
   * print the same mean.
   */
  public static boolean isBest(ResultTable t, ModelRow row, Metric m) {
    MeanStd mine = row.metrics().get(m);
    if (mine == null) {
      return false;
    }
    boolean someLower = false;
    for (ModelRow other : t.rows()) {
      MeanStd o = other.metrics().get(m);
      if (o != null && round3(o.mean()) > round3(mine.mean())) {
        return false;
      }
      someLower |= o == null || round3(o.mean()) < round3(mine.mean());
    }
    return someLower;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String md(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_");
  }

  /** Escapes the characters LaTeX treats specially in text. */
  static String tex(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\':
          out.append("\\textbackslash{}");
          break;
        case '&':
        case '%':
        case '$':
        case '#':
        case '_':
        case '{':
        case '}':
          out.append('\\').append(c);
          break;
        case '~':
          out.append("\\textasciitilde{}");
          break;
        case '^':
          out.append("\\textasciicircum{}");
          break;
        case '<':
          out.append("\\textless{}");
          break;
        case '>':
          out.append("\\textgreater{}");
          break;
        case '±':
          out.append("$\\pm$");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }
}
