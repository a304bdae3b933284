package io.memefusion.dashboard.web;

import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.Splits;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.CalibrationSummary;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderGroups;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.analysis.SweepAnalysisResult.RelianceSummary;
import io.memefusion.analysis.SweepAnalysisResult.SplitSummary;
import io.memefusion.dashboard.charts.ChartBuilder;
import io.memefusion.dashboard.charts.IntervalScale;
import io.memefusion.eval.Calibration;
import io.memefusion.eval.Confounders;
import io.memefusion.eval.Interval;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.features.Modality;
import io.memefusion.results.Fmt;
import io.memefusion.results.SweepResults;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Turns the analysis the harness stored for a sweep ({@link SweepAnalysis#load}) into the sweep
 * page's Analysis section. Numbers are written with the exports' {@link Fmt}, so the page, the
 * exports and the report read the same.
 */
public final class AnalysisSection {
  private static final int RELIABILITY_WIDTH = 280;
  private static final int RELIABILITY_HEIGHT = 250;

  /** The stored analysis of a sweep; {@code jdbi} should be the dashboard's read-only one. */
  public static Optional<SweepAnalysisResult> load(Jdbi jdbi, long sweepId) {
    return new SweepAnalysis(jdbi, AnalysisSettings.defaults()).load(sweepId);
  }

  /** The section for {@code stored} (if any), with accuracies at {@code rule}. */
  public AnalysisView view(
      long sweepId,
      Optional<SweepAnalysisResult> stored,
      SweepResults results,
      ThresholdRule rule) {
    if (stored.isEmpty()) {
      return AnalysisView.missing(sweepId, rule);
    }
    SweepAnalysisResult a = stored.get();
    List<String> warnings = new ArrayList<>();
    if (!sameTrials(a.chosenTrials(), results)) {
      warnings.add(
          "The configurations chosen on dev changed since this analysis was computed (the sweep"
              + " went on): run "
              + AnalysisView.command(sweepId)
              + " again to analyse the current ones.");
    }
    return new AnalysisView(
        sweepId,
        true,
        rule,
        settings(a.settings()),
        warnings,
        notes(a),
        intervals(a, rule),
        paired(a),
        reliability(a),
        reliance(a),
        confounders(a, rule),
        groups(a));
  }

  private static String settings(AnalysisSettings s) {
    return String.format(
        Locale.ROOT,
        "%,d %sbootstrap resamples of the memes · seed %d · %d%% intervals · %d calibration bins",
        s.resamples(),
        s.stratified() ? "stratified " : "",
        s.seed(),
        Math.round(s.level() * 100),
        s.calibrationBins());
  }

  /** True when the analysis covers the trials each model's chosen configuration has now. */
  private static boolean sameTrials(Map<String, List<Long>> analysed, SweepResults results) {
    Map<String, Set<Long>> now = new LinkedHashMap<>();
    SweepAnalysis.chosen(results).forEach((m, row) -> now.put(m, new HashSet<>(row.trialIds())));
    Map<String, Set<Long>> then = new LinkedHashMap<>();
    analysed.forEach((m, ids) -> then.put(m, new HashSet<>(ids)));
    return now.equals(then);
  }

  /** The analysis' notes; the dev overlap is always said when both dev splits are shown. */
  private static List<String> notes(SweepAnalysisResult a) {
    List<String> notes = new ArrayList<>(a.notes());
    boolean both = a.split("dev_seen").isPresent() && a.split("dev_unseen").isPresent();
    if (both && notes.stream().noneMatch(n -> n.startsWith("dev_unseen shares"))) {
      notes.add(
          "dev_unseen overlaps dev_seen by about "
              + Splits.DEV_OVERLAP_APPROX
              + " memes: the two dev results are not independent.");
    }
    return notes;
  }

  private static List<String> models(SweepAnalysisResult a) {
    return a.chosenTrials().keySet().stream().sorted(Splits.MODEL_ORDER).toList();
  }

  /** One table per labeled split; the AUROC strips of every split share one axis. */
  private static List<AnalysisView.CiTable> intervals(SweepAnalysisResult a, ThresholdRule rule) {
    Map<SplitSummary, List<MetricCi>> bySplit = new LinkedHashMap<>();
    for (SplitSummary s : a.splits()) {
      List<MetricCi> auroc = new ArrayList<>();
      for (String model : models(a)) {
        a.ci(model, s.name(), "auroc", null).ifPresent(auroc::add);
      }
      if (s.labeled() && !auroc.isEmpty()) {
        bySplit.put(s, auroc);
      }
    }
    IntervalScale scale =
        IntervalScale.fit(
            bySplit.values().stream().flatMap(List::stream).map(MetricCi::interval).toList(), 0.5);
    List<AnalysisView.CiTable> tables = new ArrayList<>();
    bySplit.forEach(
        (s, auroc) -> {
          List<AnalysisView.CiRow> rows = new ArrayList<>();
          for (MetricCi c : auroc) {
            Optional<Interval> acc =
                a.ci(c.model(), s.name(), "accuracy", rule).map(MetricCi::interval);
            Interval i = c.interval();
            rows.add(
                new AnalysisView.CiRow(
                    c.model(),
                    Fmt.model(c.model()),
                    c.configKey(),
                    c.seeds(),
                    c.n(),
                    Fmt.num(i.estimate()),
                    Fmt.ci(i),
                    acc.map(x -> Fmt.num(x.estimate())).orElse(Fmt.NONE),
                    acc.map(Fmt::ci).orElse(Fmt.NONE),
                    scale.strip(i),
                    Fmt.model(c.model())
                        + " AUROC "
                        + Fmt.num(i.estimate())
                        + ", 95% CI "
                        + Fmt.ci(i)));
          }
          tables.add(
              new AnalysisView.CiTable(
                  s.name(), role(s.name()), s.memes(), s.positives(), scale, rows));
        });
    return tables;
  }

  /** What a split is for in the study, for captions. */
  static String role(String split) {
    if (split.equals("holdout")) {
      return "train memes held out to set the train_holdout threshold";
    }
    if (Splits.isDev(split)) {
      return "dev: configurations are chosen here";
    }
    return split.startsWith("test") ? "test: looked at once" : "";
  }

  private static AnalysisView.Paired paired(SweepAnalysisResult a) {
    if (a.paired().isEmpty()) {
      return null;
    }
    IntervalScale scale =
        IntervalScale.fit(a.paired().stream().map(p -> p.result().difference()).toList(), 0);
    List<AnalysisView.PairedRow> rows = new ArrayList<>();
    for (PairedComparison p : a.paired()) {
      Interval d = p.result().difference();
      String verdict;
      String css;
      if (p.result().aboveZero()) {
        verdict = Fmt.model(p.modelA()) + " better beyond noise";
        css = "up";
      } else if (p.result().belowZero()) {
        verdict = Fmt.model(p.modelB()) + " better beyond noise";
        css = "down";
      } else {
        verdict = "within noise: the interval includes 0";
        css = "flat";
      }
      rows.add(
          new AnalysisView.PairedRow(
              p.split(),
              p.modelA(),
              p.modelB(),
              Fmt.model(p.modelA()) + " − " + Fmt.model(p.modelB()),
              Fmt.signed(d.estimate()),
              Fmt.signedCi(d),
              String.format(Locale.ROOT, "%.3f", p.result().fractionAtMostZero()),
              verdict,
              css,
              scale.strip(d)));
    }
    return new AnalysisView.Paired(scale, rows);
  }

  private static List<AnalysisView.ReliabilityPanel> reliability(SweepAnalysisResult a) {
    Map<String, List<AnalysisView.ReliabilityChart>> bySplit = new LinkedHashMap<>();
    for (CalibrationSummary c : a.calibration()) {
      bySplit.computeIfAbsent(c.split(), k -> new ArrayList<>()).add(reliabilityChart(c));
    }
    List<AnalysisView.ReliabilityPanel> panels = new ArrayList<>();
    bySplit.forEach(
        (split, charts) -> panels.add(new AnalysisView.ReliabilityPanel(split, charts)));
    return panels;
  }

  private static AnalysisView.ReliabilityChart reliabilityChart(CalibrationSummary c) {
    String label = Fmt.model(c.model());
    ChartBuilder chart =
        new ChartBuilder(
                "Reliability of " + label + " on " + c.split(),
                "mean predicted p(hateful)",
                "observed hateful share")
            .size(RELIABILITY_WIDTH, RELIABILITY_HEIGHT)
            .x(0, 1)
            .y(0, 1)
            .guide(0, 0, 1, 1, "diagonal", "perfectly calibrated");
    List<double[]> counts = new ArrayList<>();
    List<String> countLabels = new ArrayList<>();
    List<double[]> points = new ArrayList<>();
    for (Calibration.Bin b : c.bins()) {
      String range = String.format(Locale.ROOT, "p in [%.1f, %.1f)", b.lower(), b.upper());
      counts.add(new double[] {b.lower(), b.upper(), b.count()});
      countLabels.add(range + ": " + b.count() + " predictions");
      if (b.count() > 0) {
        points.add(new double[] {b.meanPredicted(), b.observedFrequency()});
        chart.dot(
            b.meanPredicted(),
            b.observedFrequency(),
            "s-" + c.model(),
            range
                + ": "
                + b.count()
                + " predictions, mean p "
                + Fmt.num(b.meanPredicted())
                + ", observed "
                + Fmt.num(b.observedFrequency()));
      }
    }
    chart.histogram("counts", counts, countLabels, 0.25).series(label, "s-" + c.model(), points);
    return new AnalysisView.ReliabilityChart(
        c.model(), label, chart.build(), Fmt.meanStd(c.ece()), Fmt.num(c.ecePooled()), c.n());
  }

  private static List<AnalysisView.RelianceRow> reliance(SweepAnalysisResult a) {
    Map<String, RelianceSummary[]> bySplitModel = new LinkedHashMap<>();
    for (RelianceSummary r : a.reliance()) {
      RelianceSummary[] pair =
          bySplitModel.computeIfAbsent(r.split() + "\n" + r.model(), k -> new RelianceSummary[2]);
      pair[r.modality() == Modality.TEXT ? 0 : 1] = r;
    }
    List<AnalysisView.RelianceRow> rows = new ArrayList<>();
    for (RelianceSummary[] pair : bySplitModel.values()) {
      RelianceSummary any = pair[0] != null ? pair[0] : pair[1];
      rows.add(
          new AnalysisView.RelianceRow(
              any.split(),
              any.model(),
              Fmt.model(any.model()),
              Fmt.num(any.baseAuroc().mean()),
              drop(pair[0]),
              drop(pair[1])));
    }
    return rows;
  }

  private static String drop(RelianceSummary r) {
    return r == null ? Fmt.NONE : Fmt.signed(r.drop().mean()) + " ± " + Fmt.num(r.drop().std());
  }

  private static List<AnalysisView.ConfounderRow> confounders(
      SweepAnalysisResult a, ThresholdRule rule) {
    Map<String, Map<String, ConfounderAccuracy>> bySplitModel = new LinkedHashMap<>();
    for (ConfounderAccuracy c : a.confounders()) {
      if (c.rule() == rule) {
        bySplitModel
            .computeIfAbsent(c.split() + "\n" + c.model(), k -> new LinkedHashMap<>())
            .put(c.kind(), c);
      }
    }
    List<AnalysisView.ConfounderRow> rows = new ArrayList<>();
    for (Map<String, ConfounderAccuracy> kinds : bySplitModel.values()) {
      ConfounderAccuracy any = kinds.values().iterator().next();
      rows.add(
          new AnalysisView.ConfounderRow(
              any.split(),
              any.model(),
              Fmt.model(any.model()),
              cell(kinds.get("text")),
              cell(kinds.get("image")),
              cell(kinds.get("any")),
              Fmt.meanStd(any.overall())));
    }
    rows.sort(
        java.util.Comparator.comparing(AnalysisView.ConfounderRow::split, Splits.ORDER)
            .thenComparing(AnalysisView.ConfounderRow::model, Splits.MODEL_ORDER));
    return rows;
  }

  private static AnalysisView.Cell cell(ConfounderAccuracy c) {
    return c == null
        ? new AnalysisView.Cell(Fmt.NONE, false)
        : new AnalysisView.Cell(
            Fmt.meanStd(c.accuracy()), c.accuracy().mean() < c.overall().mean() - 1e-9);
  }

  private static List<String> groups(SweepAnalysisResult a) {
    List<String> out = new ArrayList<>();
    for (ConfounderGroups g : a.confounderGroups()) {
      Set<String> memes = new HashSet<>();
      g.groups().forEach(group -> memes.addAll(group.memeIds()));
      String line =
          g.split()
              + ": "
              + g.count(Confounders.Kind.TEXT)
              + " groups share a text, "
              + g.count(Confounders.Kind.IMAGE)
              + " share an image ("
              + memes.size()
              + " memes in all)";
      if (g.missingImages() > 0) {
        line += "; " + g.missingImages() + " memes had no readable image to compare";
      }
      out.add(line);
    }
    return out;
  }
}
