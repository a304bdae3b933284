package io.memefusion.export;

import io.memefusion.eval.Interval;
import io.memefusion.eval.Metric;
import io.memefusion.eval.PairedDifference;
import io.memefusion.results.EnsembleRow;
import io.memefusion.results.Fmt;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed-ensemble rows in each export format, appended after the dev and test tables so that
 * every line of those tables stays as it was: Markdown and LaTeX get one more table per split and
 * rule, CSV a second block with its own header ({@code table} = {@code seed_ensemble}), text one
 * more block. Nothing is appended for a sweep without ensembles.
 */
public final class EnsembleFormat {
  static final String CSV_HEADER =
      "table,split,threshold_rule,model,config_key,seeds,trial_ids,memes,threshold,accuracy,"
          + "precision,recall,f1,auroc,auroc_ci_lower,auroc_ci_upper,auroc_gain,"
          + "auroc_gain_ci_lower,auroc_gain_ci_upper";

  /** What an ensemble row is, said once above the tables. */
  static final String EXPLANATION =
      "Per model, the seeds of the configuration chosen on dev, their probabilities averaged per"
          + " meme (float32) and scored as one model. AUROC 95% CI: stratified bootstrap over memes;"
          + " Δ AUROC: ensemble minus the seeds' mean AUROC, paired bootstrap [95% CI]. Threshold"
          + " train_holdout: best F1 on the ensemble's averaged train hold-out.";

  private static final Metric[] THRESHOLDED = {
    Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.F1
  };

  private EnsembleFormat() {}

  /**
   * The seed ensembles of a table for the report, named as readers know the models; null when the
   * table has none.
   */
  public static AnalysisTables.Table table(ResultTable t) {
    if (t.ensembles().rows().isEmpty()) {
      return null;
    }
    List<List<String>> rows = new ArrayList<>();
    for (EnsembleRow e : t.ensembles().rows()) {
      Interval g = e.gain() == null ? null : e.gain().difference();
      rows.add(
          List.of(
              e.label(Fmt.model(e.model())),
              Fmt.num(e.threshold()),
              Fmt.num(e.value(Metric.AUROC)),
              Fmt.ci(e.auroc()),
              g == null ? Fmt.NONE : Fmt.signed(g.estimate()) + " " + Fmt.signedCi(g),
              Fmt.num(e.value(Metric.ACCURACY)),
              Fmt.num(e.value(Metric.F1)),
              Fmt.num(e.value(Metric.PRECISION)),
              Fmt.num(e.value(Metric.RECALL))));
    }
    return new AnalysisTables.Table(
        "ensembles_" + t.split() + "_" + t.rule().dbName(),
        "Seed ensembles on "
            + t.split()
            + ", threshold rule "
            + t.rule().dbName()
            + " (the seeds' probabilities averaged per meme, scored as one model)",
        List.of(
            "Model",
            "Threshold",
            "AUROC",
            "AUROC 95% CI",
            "Δ vs seeds [95% CI]",
            "Accuracy",
            "F1",
            "Precision",
            "Recall"),
        rows,
        t.ensembles().note().isEmpty() ? null : t.ensembles().note());
  }

  static boolean any(List<ResultTable> tables) {
    return tables.stream()
        .anyMatch(t -> !t.ensembles().rows().isEmpty() || !t.ensembles().notes().isEmpty());
  }

  private static String title(SweepResults r, ResultTable t) {
    return r.devTables().contains(t) ? "Dev" : "Test";
  }

  static String markdown(SweepResults r, List<ResultTable> tables) {
    if (!any(tables)) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n## Seed ensembles\n\n").append(EXPLANATION);
    out.append('\n');
    for (ResultTable t : tables) {
      if (t.ensembles().rows().isEmpty() && t.ensembles().notes().isEmpty()) {
        continue;
      }
      out.append("\n### ")
          .append(title(r, t))
          .append(": ")
          .append(md(t.split()))
          .append(", threshold ")
          .append(t.rule().dbName())
          .append(", seed ensembles\n\n");
      if (!t.ensembles().rows().isEmpty()) {
        out.append("| Model | Configuration | Seeds | Memes | Threshold | Accuracy | Precision |")
            .append(" Recall | F1 | AUROC | AUROC 95% CI | Δ AUROC vs seeds [95% CI] |\n")
            .append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (EnsembleRow e : t.ensembles().rows()) {
          out.append("| ")
              .append(md(e.label()))
              .append(" | `")
              .append(e.seeds().configKey())
              .append("` | ")
              .append(e.seedCount())
              .append(" | ")
              .append(e.memes())
              .append(" | ")
              .append(Csv.threshold(e.threshold()))
              .append(" |");
          for (Metric m : Metric.values()) {
            out.append(' ').append(num(e.value(m))).append(" |");
          }
          out.append(' ').append(ci(e.auroc())).append(" | ");
          out.append(gain(e.gain(), false)).append(" |\n");
        }
      }
      if (!t.ensembles().notes().isEmpty()) {
        out.append(t.ensembles().rows().isEmpty() ? "" : "\n")
            .append(md(t.ensembles().note()))
            .append('\n');
      }
    }
    return out.toString();
  }

  static String csv(List<ResultTable> tables) {
    if (tables.stream().allMatch(t -> t.ensembles().rows().isEmpty())) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n").append(CSV_HEADER).append('\n');
    for (ResultTable t : tables) {
      for (EnsembleRow e : t.ensembles().rows()) {
        out.append("seed_ensemble,")
            .append(Csv.field(t.split()))
            .append(',')
            .append(t.rule().dbName())
            .append(',')
            .append(Csv.field(e.model()))
            .append(',')
            .append(Csv.field(e.seeds().configKey()))
            .append(',')
            .append(e.seedCount())
            .append(',')
            .append(String.join(" ", e.seeds().trialIds().stream().map(String::valueOf).toList()))
            .append(',')
            .append(e.memes())
            .append(',')
            .append(Csv.threshold(e.threshold()));
        for (Metric m : Metric.values()) {
          out.append(',').append(Csv.number(e.metrics().get(m)));
        }
        Interval ci = e.auroc();
        Interval g = e.gain() == null ? null : e.gain().difference();
        for (Double v :
            new Double[] {
              bound(ci, true),
              bound(ci, false),
              g == null ? null : g.estimate(),
              bound(g, true),
              bound(g, false)
            }) {
          out.append(',').append(Csv.number(v));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static Double bound(Interval i, boolean lower) {
    if (i == null || Double.isNaN(i.lower())) {
      return null;
    }
    return lower ? i.lower() : i.upper();
  }

  static String latex(SweepResults r, List<ResultTable> tables) {
    StringBuilder out = new StringBuilder();
    for (ResultTable t : tables) {
      if (t.ensembles().rows().isEmpty()) {
        continue;
      }
      out.append("\n\\begin{table}[t]\n\\centering\n\\caption{Seed ensembles, ")
          .append(title(r, t))
          .append(" (")
          .append(TableFormat.tex(t.split()))
          .append("), threshold ")
          .append(TableFormat.tex(t.rule().dbName()))
          .append(": the seeds of the configuration chosen on dev, probabilities averaged per meme")
          .append(" and scored as one model; AUROC with its 95\\% bootstrap interval;")
          .append(" $\\Delta$: ensemble minus the seeds' mean AUROC (paired bootstrap).");
      if (!t.ensembles().notes().isEmpty()) {
        out.append(' ').append(TableFormat.tex(t.ensembles().note()));
      }
      out.append("}\n\\begin{tabular}{llrrr").append("c".repeat(7)).append("}\n");
      out.append("\\toprule\nModel & Configuration & Seeds & Memes & Threshold");
      out.append(
          " & Accuracy & Precision & Recall & F1 & AUROC & AUROC 95\\% CI & $\\Delta$ AUROC");
      out.append(" \\\\\n\\midrule\n");
      for (EnsembleRow e : t.ensembles().rows()) {
        out.append(TableFormat.tex(e.model()))
            .append(" --- seed ensemble (")
            .append(e.seedCount())
            .append(" seeds) & \\texttt{")
            .append(TableFormat.tex(e.seeds().configKey()))
            .append("} & ")
            .append(e.seedCount())
            .append(" & ")
            .append(e.memes())
            .append(" & ")
            .append(Csv.threshold(e.threshold()));
        for (Metric m : Metric.values()) {
          double v = e.value(m);
          out.append(" & ").append(Double.isNaN(v) ? "--" : "$" + num(v) + "$");
        }
        out.append(" & ").append(latexOr(ci(e.auroc())));
        out.append(" & ").append(latexOr(gain(e.gain(), true)));
        out.append(" \\\\\n");
      }
      out.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
    }
    return out.toString();
  }

  private static String latexOr(String cell) {
    return cell.equals("–") ? "--" : "$" + cell + "$";
  }

  static String text(SweepResults r, List<ResultTable> tables) {
    if (!any(tables)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (ResultTable t : tables) {
      if (t.ensembles().rows().isEmpty() && t.ensembles().notes().isEmpty()) {
        continue;
      }
      out.append(title(r, t))
          .append(" (")
          .append(t.split())
          .append(", threshold ")
          .append(t.rule().dbName())
          .append("), seed ensembles (seeds' probabilities averaged, scored as one model):\n");
      List<String[]> lines = new ArrayList<>();
      lines.add(
          new String[] {
            "model",
            "threshold",
            "Accuracy",
            "Precision",
            "Recall",
            "F1",
            "AUROC",
            "95% CI",
            "Δ vs seeds"
          });
      for (EnsembleRow e : t.ensembles().rows()) {
        List<String> cells = new ArrayList<>(List.of(e.label(), Csv.threshold(e.threshold())));
        for (Metric m : Metric.values()) {
          cells.add(num(e.value(m)));
        }
        cells.add(ci(e.auroc()));
        cells.add(gain(e.gain(), false));
        lines.add(cells.toArray(new String[0]));
      }
      if (lines.size() > 1) {
        int[] width = new int[lines.get(0).length];
        for (String[] l : lines) {
          for (int i = 0; i < l.length; i++) {
            width[i] = Math.max(width[i], l[i].length());
          }
        }
        for (String[] l : lines) {
          StringBuilder line = new StringBuilder("  ");
          for (int i = 0; i < l.length; i++) {
            String pad = " ".repeat(width[i] - l[i].length());
            line.append(i == 0 ? l[i] + pad : pad + l[i]).append("  ");
          }
          out.append(line.toString().stripTrailing()).append('\n');
        }
      }
      if (!t.ensembles().notes().isEmpty()) {
        out.append("  ").append(t.ensembles().note()).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** 3 decimals, "–" for an undefined value (as the tables' missing metrics). */
  static String num(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String ci(Interval i) {
    if (i == null || Double.isNaN(i.lower())) {
      return "–";
    }
    return "[" + num(i.lower()) + ", " + num(i.upper()) + "]";
  }

  /** {@code +0.014 [+0.004, +0.025]}; plain ASCII signs so LaTeX takes it in math mode. */
  private static String gain(PairedDifference g, boolean latex) {
    if (g == null || Double.isNaN(g.difference().estimate())) {
      return "–";
    }
    Interval d = g.difference();
    String s = signed(d.estimate());
    if (!Double.isNaN(d.lower())) {
      s += (latex ? "\\ " : " ") + "[" + signed(d.lower()) + ", " + signed(d.upper()) + "]";
    }
    return s;
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.3f", v);
  }

  private static String md(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_");
  }
}
