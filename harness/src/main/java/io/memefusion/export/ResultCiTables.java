package io.memefusion.export;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.AnalysisTables.Table;
import io.memefusion.results.Fmt;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sweep's result tables as analysis tables: the configuration chosen on dev, the dev and test
 * tables with bootstrap CI columns, and the intervals of the other labeled splits.
 */
public final class ResultCiTables {
  private ResultCiTables() {}

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
}
