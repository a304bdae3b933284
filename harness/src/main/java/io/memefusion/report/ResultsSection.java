package io.memefusion.report;

import io.memefusion.analysis.Splits;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.AnalysisTables;
import io.memefusion.export.DiagnosticTables;
import io.memefusion.export.EnsembleFormat;
import io.memefusion.export.ResultCiTables;
import io.memefusion.report.Doc.Align;
import io.memefusion.report.Doc.Block;
import io.memefusion.results.Fmt;
import io.memefusion.results.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Section 2: the dev and test tables with intervals, the analyses, and the paper's numbers. */
final class ResultsSection {
  private ResultsSection() {}

  static List<Block> blocks(ReportData d) {
    SweepAnalysisResult a = d.analysis();
    List<Block> b = new ArrayList<>();
    b.add(new Doc.Heading(1, "2 Results"));
    method(b, a);
    ensemblesIntro(b, d);
    AnalysisTables.Table chosen = ResultCiTables.chosen(d.results());
    if (!chosen.rows().isEmpty()) {
      b.add(table(chosen));
    }
    List<String> shownNotes = new ArrayList<>();
    b.add(new Doc.Heading(2, "2.1 Dev"));
    tables(b, d.results().devTables(), a, shownNotes);
    b.add(new Doc.Heading(2, "2.2 Test"));
    tables(b, d.results().testTables(), a, shownNotes);
    otherSplits(b, d, a);
    paired(b, a);
    calibration(b, a);
    reliance(b, a);
    confounders(b, a);
    paperReference(b);
    return b;
  }

  /** How the numbers and their intervals are computed. */
  private static void method(List<Block> b, SweepAnalysisResult a) {
    int seeds = a.chosenTrials().values().stream().mapToInt(List::size).max().orElse(0);
    b.add(
        Doc.Paragraph.of(
            String.format(
                Locale.ROOT,
                "For each model the configuration with the best mean dev AUROC is reported as mean ± standard"
                    + " deviation over its %d seeds. The 95%% intervals are percentile bootstrap intervals over"
                    + " memes (%d %s resamples, seed %d): each resample redraws the memes of the split%s and"
                    + " averages the metric over the seeds, so an interval shows how much the number would move"
                    + " on another sample of memes of the same kind.",
                seeds,
                a.settings().resamples(),
                a.settings().stratified() ? "stratified" : "plain",
                a.settings().seed(),
                a.settings().stratified()
                    ? " within each class, keeping the split's label balance"
                    : "")));
  }

  /** What the seed-ensemble tables under the dev and test tables are; nothing without them. */
  private static void ensemblesIntro(List<Block> b, ReportData d) {
    boolean ensembles =
        d.results().devTables().stream().anyMatch(t -> !t.ensembles().rows().isEmpty());
    if (ensembles) {
      b.add(
          Doc.Paragraph.of(
              "Below each table, the seed ensemble of each chosen configuration: the seeds'"
                  + " probabilities averaged per meme (float32, over the memes every seed scored) and"
                  + " scored as one model, with a 95% bootstrap interval of its AUROC and its gain over"
                  + " the seeds' mean AUROC (paired bootstrap on the same resampled memes). Its"
                  + " train_holdout threshold is the best-F1 threshold on the ensemble's own averaged"
                  + " train hold-out; test is still scored once, with the configuration chosen on dev."));
    }
  }

  /** The labeled splits without a dev or test table, the unlabeled ones, and dev_unseen's note. */
  private static void otherSplits(List<Block> b, ReportData d, SweepAnalysisResult a) {
    Set<String> inTables = new java.util.HashSet<>();
    d.results().devTables().forEach(t -> inTables.add(t.split()));
    d.results().testTables().forEach(t -> inTables.add(t.split()));
    List<String> other =
        a.splits().stream()
            .filter(s -> s.labeled() && !inTables.contains(s.name()))
            .map(SweepAnalysisResult.SplitSummary::name)
            .toList();
    if (!other.isEmpty()) {
      b.add(new Doc.Heading(2, "2.3 Other labeled splits"));
      b.add(table(ResultCiTables.cis(a, other)));
    }
    List<String> unlabeled =
        a.splits().stream()
            .filter(s -> !s.labeled())
            .map(SweepAnalysisResult.SplitSummary::name)
            .toList();
    if (!unlabeled.isEmpty()) {
      b.add(
          Doc.Paragraph.of(
              String.join(", ", unlabeled)
                  + (unlabeled.size() == 1 ? " has" : " have")
                  + " no labels: predictions were written for "
                  + (unlabeled.size() == 1 ? "it" : "them")
                  + ", but no metric can be computed."));
    }
    a.notes().stream()
        .filter(n -> n.startsWith("dev_unseen shares"))
        .forEach(n -> b.add(new Doc.Paragraph("Note: " + n + ".", Doc.Style.SMALL)));
  }

  private static void paired(List<Block> b, SweepAnalysisResult a) {
    b.add(new Doc.Heading(2, "2.4 Does fusion help? Paired comparisons"));
    if (a.paired().isEmpty()) {
      b.add(
          Doc.Paragraph.of(
              "No paired comparison could be computed (a fusion model or the text model is"
                  + " missing, or no split is labeled)."));
    } else {
      b.add(table(DiagnosticTables.paired(a)));
    }
  }

  private static void calibration(List<Block> b, SweepAnalysisResult a) {
    b.add(new Doc.Heading(2, "2.5 Calibration"));
    b.add(table(DiagnosticTables.calibration(a)));
  }

  private static void reliance(List<Block> b, SweepAnalysisResult a) {
    b.add(new Doc.Heading(2, "2.6 Modality reliance"));
    if (a.reliance().isEmpty()) {
      b.add(
          Doc.Paragraph.of(
              "No modality-reliance measurements were recorded for the chosen trials"
                  + " (they are taken by the sweep runner right after each trial is scored)."));
    } else {
      b.add(table(DiagnosticTables.reliance(a)));
    }
  }

  private static void confounders(List<Block> b, SweepAnalysisResult a) {
    b.add(new Doc.Heading(2, "2.7 Confounders"));
    if (a.confounders().isEmpty()) {
      b.add(
          Doc.Paragraph.of(
              a.confounderGroups().isEmpty()
                  ? "Confounder groups were not computed: the dataset was not available when the sweep was analysed."
                  : "No split has memes that share their text or image with a meme of the other label."));
      return;
    }
    List<String> labeled =
        a.splits().stream()
            .filter(SweepAnalysisResult.SplitSummary::labeled)
            .map(SweepAnalysisResult.SplitSummary::name)
            .toList();
    String counts =
        a.confounderGroups().stream()
            .filter(g -> labeled.contains(g.split()))
            .map(
                g ->
                    g.split()
                        + ": "
                        + g.count(io.memefusion.eval.Confounders.Kind.TEXT)
                        + " same-text and "
                        + g.count(io.memefusion.eval.Confounders.Kind.IMAGE)
                        + " same-image groups"
                        + (g.missingImages() > 0
                            ? " (" + g.missingImages() + " images could not be hashed)"
                            : ""))
            .collect(Collectors.joining("; "));
    b.add(
        Doc.Paragraph.of(
            "Benign confounders are memes whose text (or image) also appears in a meme of the"
                + " other label. "
                + counts
                + "."));
    b.add(table(DiagnosticTables.confounders(a, rule(a))));
  }

  /** The Hateful Memes paper's baselines, for orientation. */
  private static void paperReference(List<Block> b) {
    b.add(new Doc.Heading(2, "2.8 Reference numbers from the Hateful Memes paper (not our runs)"));
    b.add(
        Doc.Paragraph.of(
            "For orientation only: these are the baselines published with the dataset, trained"
                + " with fine-tuned encoders and far more compute than frozen-feature heads. Accuracy and AUROC"
                + " in percent; the dev columns are on dev_seen, the test columns on test_seen (mean ± std over"
                + " the paper's runs). Our tables above use fractions (0.650 = 65.0%)."));
    List<List<String>> ref = new ArrayList<>();
    for (PaperReference.Row r : PaperReference.ROWS) {
      ref.add(
          List.of(
              r.model(),
              r.ours().isEmpty() ? "" : "≈ " + Fmt.model(r.ours()),
              r.devAccuracy(),
              r.devAuroc(),
              r.testAccuracy(),
              r.testAuroc()));
    }
    b.add(
        new Doc.Table(
            "Table R. Kiela et al. (2020), Table 1 — reference, not produced by memefusion",
            List.of(
                "Baseline (paper)",
                "Closest here",
                "dev_seen Acc.",
                "dev_seen AUROC",
                "test_seen Acc.",
                "test_seen AUROC"),
            ref,
            List.of(Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT),
            "Source: "
                + PaperReference.CITATION
                + " The 2021 revision of the paper reports a different table"
                + " (also covering the unseen splits); it is not reproduced here because its numbers could not be"
                + " checked against the paper."));
  }

  /** The rule confounder accuracy is shown at: the train-holdout threshold when it was measured. */
  static ThresholdRule rule(SweepAnalysisResult a) {
    return a.confounders().stream().anyMatch(c -> c.rule() == ThresholdRule.TRAIN_HOLDOUT)
        ? ThresholdRule.TRAIN_HOLDOUT
        : ThresholdRule.FIXED_05;
  }

  /**
   * The tables with their CI columns; a note already shown under an earlier table is not repeated.
   */
  private static void tables(
      List<Block> b, List<ResultTable> tables, SweepAnalysisResult a, List<String> shownNotes) {
    if (tables.isEmpty()) {
      b.add(Doc.Paragraph.of("This sweep has no such split."));
      return;
    }
    for (ResultTable t : tables) {
      if (t.rows().isEmpty()) {
        b.add(
            Doc.Paragraph.of(
                t.split()
                    + " (threshold rule "
                    + t.rule().dbName()
                    + "): "
                    + (t.note() == null || t.note().isBlank() ? "no results." : t.note())));
      } else {
        AnalysisTables.Table withCis = ResultCiTables.withCis(t, a);
        String note =
            withCis.note() == null || shownNotes.contains(withCis.note()) ? null : withCis.note();
        if (note != null) {
          shownNotes.add(note);
        }
        b.add(
            table(
                new AnalysisTables.Table(
                    withCis.name(), withCis.caption(), withCis.headers(), withCis.rows(), note)));
        AnalysisTables.Table ensembles = EnsembleFormat.table(t);
        if (ensembles != null) {
          b.add(table(ensembles));
        }
      }
    }
  }

  static Doc.Table table(AnalysisTables.Table t) {
    List<Align> align = new ArrayList<>();
    for (int c = 0; c < t.headers().size(); c++) {
      align.add(c > 0 && t.numeric(c) ? Align.RIGHT : Align.LEFT);
    }
    return new Doc.Table(t.caption(), t.headers(), t.rows(), align, t.note());
  }

  static boolean isDev(String split) {
    return Splits.isDev(split);
  }
}
