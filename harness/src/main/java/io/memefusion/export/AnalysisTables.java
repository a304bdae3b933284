package io.memefusion.export;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.CalibrationSummary;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.analysis.SweepAnalysisResult.RelianceSummary;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.features.Modality;
import io.memefusion.results.Fmt;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The analysis of a sweep as tables for the exports (Markdown, CSV, LaTeX) and the report, so every
 * place shows the same formatted numbers. The sweep's result tables gain CI columns through {@link
 * #withCis}.
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

  /** The 95% CI of a metric as "[lo, hi]", "—" when not computed. */
  public static String ciCell(
      SweepAnalysisResult a, String model, String split, Metric metric, ThresholdRule rule) {
    String name = metric == Metric.AUROC ? "auroc" : metric.column();
    return a.ci(model, split, name, metric == Metric.AUROC ? null : rule)
        .map(c -> Fmt.ci(c.interval()))
        .orElse(Fmt.NONE);
  }

  /** A dev or test table of the sweep with the bootstrap intervals next to AUROC and accuracy. */
  public static Table withCis(ResultTable t, SweepAnalysisResult a) {
    List<List<String>> rows = new ArrayList<>();
    for (ModelRow r : t.rows()) {
      rows.add(
          List.of(
              Fmt.model(r.model()),
              Fmt.meanStd(r.metrics().get(Metric.AUROC)),
              ciCell(a, r.model(), t.split(), Metric.AUROC, t.rule()),
              Fmt.meanStd(r.metrics().get(Metric.ACCURACY)),
              ciCell(a, r.model(), t.split(), Metric.ACCURACY, t.rule()),
              Fmt.meanStd(r.metrics().get(Metric.F1)),
              Fmt.meanStd(r.metrics().get(Metric.PRECISION)),
              Fmt.meanStd(r.metrics().get(Metric.RECALL))));
    }
    int seeds = t.rows().stream().mapToInt(r -> r.trialIds().size()).max().orElse(0);
    return new Table(
        "results_" + t.split() + "_" + t.rule().dbName(),
        t.split()
            + ", threshold rule "
            + t.rule().dbName()
            + " (mean ± std over "
            + seeds
            + " seeds)",
        List.of(
            "Model",
            "AUROC",
            "AUROC 95% CI",
            "Accuracy",
            "Acc. 95% CI",
            "F1",
            "Precision",
            "Recall"),
        rows,
        t.note());
  }

  /** The configuration chosen on dev for each model, with its hyperparameters and seeds. */
  public static Table chosen(SweepResults results) {
    List<List<String>> rows = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (ResultTable t : results.devTables()) {
      for (ModelRow r : t.rows()) {
        if (seen.contains(r.model())) {
          continue;
        }
        seen.add(r.model());
        List<String> hp = new ArrayList<>();
        if (r.hyperparams() != null) {
          r.hyperparams()
              .properties()
              .forEach(e -> hp.add(e.getKey() + "=" + e.getValue().asText()));
        }
        rows.add(
            List.of(
                Fmt.model(r.model()),
                r.configKey(),
                hp.isEmpty() ? Fmt.NONE : String.join(", ", hp),
                String.valueOf(r.trialIds().size())));
      }
    }
    return new Table(
        "chosen_configurations",
        "Configuration chosen for each model (best mean dev AUROC over its seeds)",
        List.of("Model", "Configuration", "Hyperparameters", "Seeds"),
        rows,
        null);
  }

  /** AUROC and accuracy intervals on every labeled split (the other splits' only table). */
  public static Table cis(SweepAnalysisResult a, List<String> splits) {
    List<List<String>> rows = new ArrayList<>();
    for (String split : splits) {
      for (String model : a.chosenTrials().keySet()) {
        Optional<MetricCi> auroc = a.ci(model, split, "auroc", null);
        if (auroc.isEmpty()) {
          continue;
        }
        rows.add(
            List.of(
                split,
                Fmt.model(model),
                Fmt.num(auroc.get().interval().estimate()),
                Fmt.ci(auroc.get().interval()),
                acc(a, model, split, ThresholdRule.FIXED_05),
                acc(a, model, split, ThresholdRule.TRAIN_HOLDOUT)));
      }
    }
    return new Table(
        "analysis_ci",
        "Bootstrap 95% intervals ("
            + a.settings().resamples()
            + " "
            + (a.settings().stratified() ? "stratified " : "")
            + "resamples of the memes)",
        List.of(
            "Split",
            "Model",
            "AUROC",
            "AUROC 95% CI",
            "Acc. (0.5) [95% CI]",
            "Acc. (holdout) [95% CI]"),
        rows,
        null);
  }

  private static String acc(SweepAnalysisResult a, String model, String split, ThresholdRule rule) {
    return a.ci(model, split, "accuracy", rule)
        .map(c -> Fmt.num(c.interval().estimate()) + " " + Fmt.ci(c.interval()))
        .orElse(Fmt.NONE);
  }

  public static Table paired(SweepAnalysisResult a) {
    List<List<String>> rows = new ArrayList<>();
    for (PairedComparison p : a.paired()) {
      rows.add(
          List.of(
              p.split(),
              Fmt.model(p.modelA()) + " − " + Fmt.model(p.modelB()),
              Fmt.signed(p.result().difference().estimate()),
              Fmt.signedCi(p.result().difference()),
              String.format(Locale.ROOT, "%.3f", p.result().fractionAtMostZero())));
    }
    return new Table(
        "analysis_paired",
        "Paired bootstrap of AUROC differences (same resampled memes for both models)",
        List.of("Split", "Comparison", "Δ AUROC", "95% CI", "Resamples ≤ 0"),
        rows,
        "A difference whose interval excludes 0 is unlikely to come from which memes the split happens"
            + " to contain; 'resamples ≤ 0' is the share of resamples where the first model was not better.");
  }

  public static Table calibration(SweepAnalysisResult a) {
    List<List<String>> rows = new ArrayList<>();
    for (CalibrationSummary c : a.calibration()) {
      rows.add(
          List.of(c.split(), Fmt.model(c.model()), Fmt.meanStd(c.ece()), Fmt.num(c.ecePooled())));
    }
    return new Table(
        "analysis_calibration",
        "Expected calibration error (" + a.settings().calibrationBins() + " equal-width bins)",
        List.of("Split", "Model", "ECE (mean ± std over seeds)", "ECE (seeds pooled)"),
        rows,
        "0 = predicted probabilities match observed frequencies; the reliability diagrams are in the figures.");
  }

  public static Table reliance(SweepAnalysisResult a) {
    List<List<String>> rows = new ArrayList<>();
    List<RelianceSummary> all = a.reliance();
    for (RelianceSummary r : all) {
      if (r.modality() != Modality.TEXT
          && all.stream().anyMatch(o -> o.modality() == Modality.TEXT && same(o, r))) {
        continue; // shown on the text row
      }
      Optional<RelianceSummary> image =
          all.stream().filter(o -> o.modality() == Modality.IMAGE && same(o, r)).findFirst();
      Optional<RelianceSummary> text =
          all.stream().filter(o -> o.modality() == Modality.TEXT && same(o, r)).findFirst();
      rows.add(
          List.of(
              r.split(),
              Fmt.model(r.model()),
              Fmt.num(r.baseAuroc().mean()),
              text.map(t -> Fmt.signed(t.drop().mean()) + " ± " + Fmt.num(t.drop().std()))
                  .orElse(Fmt.NONE),
              image
                  .map(i -> Fmt.signed(i.drop().mean()) + " ± " + Fmt.num(i.drop().std()))
                  .orElse(Fmt.NONE)));
    }
    return new Table(
        "analysis_reliance",
        "Modality reliance: AUROC drop when one modality's features are shuffled across memes",
        List.of("Split", "Model", "AUROC", "Drop, text shuffled", "Drop, image shuffled"),
        rows,
        "Mean ± std over seeds. A head that ignores a modality shows a drop of 0 for it.");
  }

  private static boolean same(RelianceSummary a, RelianceSummary b) {
    return a.split().equals(b.split()) && a.model().equals(b.model());
  }

  /**
   * Accuracy on confounder memes next to overall accuracy, at {@code rule}: one row per split and
   * model; columns for same-text groups, same-image groups, either, and the whole split.
   */
  public static Table confounders(SweepAnalysisResult a, ThresholdRule rule) {
    List<List<String>> rows = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (ConfounderAccuracy c : a.confounders()) {
      String key = c.split() + "|" + c.model();
      if (c.rule() != rule || keys.contains(key)) {
        continue;
      }
      keys.add(key);
      rows.add(
          List.of(
              c.split(),
              Fmt.model(c.model()),
              confounderCell(a, c, rule, "text"),
              confounderCell(a, c, rule, "image"),
              confounderCell(a, c, rule, "any"),
              Fmt.meanStd(c.overall())));
    }
    return new Table(
        "analysis_confounders_" + rule.dbName(),
        "Confounders: accuracy on memes that share their text or image with a meme of the other label"
            + " (threshold rule "
            + rule.dbName()
            + ")",
        List.of("Split", "Model", "Same text", "Same image", "Text or image", "Whole split"),
        rows,
        "Mean ± std over seeds. A model that reads only the shared modality cannot get both memes of"
            + " a group right.");
  }

  private static String confounderCell(
      SweepAnalysisResult a, ConfounderAccuracy row, ThresholdRule rule, String kind) {
    return a.confounders().stream()
        .filter(
            c ->
                c.rule() == rule
                    && c.kind().equals(kind)
                    && c.split().equals(row.split())
                    && c.model().equals(row.model()))
        .findFirst()
        .map(c -> Fmt.meanStd(c.accuracy()))
        .orElse(Fmt.NONE);
  }

  /**
   * Every analysis table of a sweep: its dev and test tables with CI columns, the intervals of the
   * other labeled splits, paired comparisons, calibration, modality reliance and confounders.
   */
  public static List<Table> all(SweepResults results, SweepAnalysisResult a) {
    List<Table> out = new ArrayList<>();
    out.add(chosen(results));
    List<String> inTables = new ArrayList<>();
    for (List<ResultTable> tables : List.of(results.devTables(), results.testTables())) {
      for (ResultTable t : tables) {
        inTables.add(t.split());
        if (!t.rows().isEmpty()) {
          out.add(withCis(t, a));
        }
      }
    }
    List<String> other =
        a.splits().stream()
            .filter(s -> s.labeled() && !inTables.contains(s.name()))
            .map(SweepAnalysisResult.SplitSummary::name)
            .toList();
    if (!other.isEmpty()) {
      out.add(cis(a, other));
    }
    out.add(paired(a));
    out.add(calibration(a));
    if (!a.reliance().isEmpty()) {
      out.add(reliance(a));
    }
    for (ThresholdRule rule : ThresholdRule.values()) {
      if (a.confounders().stream().anyMatch(c -> c.rule() == rule)) {
        out.add(confounders(a, rule));
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

  /** CSV with a header row; cells quoted when needed (RFC 4180). */
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
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
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
