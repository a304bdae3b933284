package io.memefusion.export;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.CalibrationSummary;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.analysis.SweepAnalysisResult.RelianceSummary;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.AnalysisTables.Table;
import io.memefusion.features.Modality;
import io.memefusion.results.Fmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The analysis tables that look past the headline numbers: paired comparisons, calibration,
 * modality reliance and confounders.
 */
public final class DiagnosticTables {
  private DiagnosticTables() {}

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
}
