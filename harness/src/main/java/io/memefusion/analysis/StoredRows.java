package io.memefusion.analysis;

import io.memefusion.analysis.SweepAnalysisResult.CalibrationSummary;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderGroups;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.db.AnalysisDao;
import io.memefusion.eval.Calibration;
import io.memefusion.eval.Confounders;
import io.memefusion.eval.Interval;
import io.memefusion.eval.PairedDifference;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.results.MeanStd;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stored analysis tables read back into the records of {@link SweepAnalysisResult}. */
final class StoredRows {
  private StoredRows() {}

  static Map<String, List<Long>> chosen(AnalysisDao.RunRow rr) {
    Map<String, List<Long>> chosen = new LinkedHashMap<>();
    rr.notes()
        .path("trials")
        .properties()
        .forEach(
            e -> {
              List<Long> ids = new ArrayList<>();
              e.getValue().forEach(n -> ids.add(n.asLong()));
              chosen.put(e.getKey(), ids);
            });
    return chosen;
  }

  static List<MetricCi> cis(AnalysisDao dao, long sweepId, AnalysisDao.RunRow rr) {
    double level = rr.level();
    return dao.cis(sweepId).stream()
        .map(
            c ->
                new MetricCi(
                    c.model(),
                    c.split(),
                    c.metric(),
                    c.thresholdRule().equals("none")
                        ? Optional.empty()
                        : Optional.of(ThresholdRule.fromDbName(c.thresholdRule())),
                    c.configKey(),
                    c.seeds(),
                    c.n(),
                    interval(c.estimate(), c.lowerBound(), c.upperBound(), level, rr.resamples())))
        .sorted(
            Comparator.comparing(MetricCi::split, Splits.ORDER)
                .thenComparing(MetricCi::model, Splits.MODEL_ORDER)
                .thenComparing(MetricCi::metric, Comparator.reverseOrder())
                .thenComparing(c -> c.rule().map(Enum::ordinal).orElse(-1)))
        .toList();
  }

  static List<PairedComparison> paired(AnalysisDao dao, long sweepId, AnalysisDao.RunRow rr) {
    double level = rr.level();
    return dao.paired(sweepId).stream()
        .map(
            p ->
                new PairedComparison(
                    p.split(),
                    p.modelA(),
                    p.modelB(),
                    p.metric(),
                    p.n(),
                    new PairedDifference(
                        interval(
                            p.estimate(), p.lowerBound(), p.upperBound(), level, rr.resamples()),
                        p.fracAtMostZero())))
        .sorted(
            Comparator.comparing(PairedComparison::split, Splits.ORDER)
                .thenComparing(p -> pairIndex(p.modelA(), p.modelB())))
        .toList();
  }

  static List<CalibrationSummary> calibration(AnalysisDao dao, long sweepId) {
    Map<String, List<Calibration.Bin>> binsOf = new LinkedHashMap<>();
    for (AnalysisDao.CalibrationBinRow b : dao.calibrationBins(sweepId)) {
      binsOf
          .computeIfAbsent(b.model() + "|" + b.split(), k -> new ArrayList<>())
          .add(
              new Calibration.Bin(
                  b.bin(),
                  b.lowerEdge(),
                  b.upperEdge(),
                  b.count(),
                  nan(b.meanPredicted()),
                  nan(b.observedFrequency())));
    }
    return dao.calibration(sweepId).stream()
        .map(
            c ->
                new CalibrationSummary(
                    c.model(),
                    c.split(),
                    c.seeds(),
                    c.n(),
                    new MeanStd(c.eceMean(), c.eceStd(), c.seeds()),
                    c.ecePooled(),
                    binsOf.getOrDefault(c.model() + "|" + c.split(), List.of())))
        .sorted(
            Comparator.comparing(CalibrationSummary::split, Splits.ORDER)
                .thenComparing(CalibrationSummary::model, Splits.MODEL_ORDER))
        .toList();
  }

  static List<ConfounderGroups> groups(
      AnalysisDao dao, long sweepId, Map<String, Integer> missingImages) {
    Map<String, List<Confounders.Group>> groupsOf = new LinkedHashMap<>();
    missingImages.keySet().forEach(split -> groupsOf.put(split, new ArrayList<>()));
    for (AnalysisDao.ConfounderGroupRow g : dao.confounderGroups(sweepId)) {
      groupsOf
          .computeIfAbsent(g.split(), k -> new ArrayList<>())
          .add(
              new Confounders.Group(
                  Confounders.Kind.valueOf(g.kind().toUpperCase(java.util.Locale.ROOT)),
                  g.groupKey(),
                  List.of(g.memeIds()),
                  g.positives(),
                  g.negatives()));
    }
    List<ConfounderGroups> groups = new ArrayList<>();
    groupsOf.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Splits.ORDER))
        .forEach(
            e ->
                groups.add(
                    new ConfounderGroups(
                        e.getKey(),
                        e.getValue().stream().sorted(Confounders.ORDER).toList(),
                        missingImages.getOrDefault(e.getKey(), 0))));
    return groups;
  }

  static List<ConfounderAccuracy> confounders(AnalysisDao dao, long sweepId) {
    return dao.confounderAccuracy(sweepId).stream()
        .map(
            c ->
                new ConfounderAccuracy(
                    c.model(),
                    c.split(),
                    c.kind(),
                    ThresholdRule.fromDbName(c.thresholdRule()),
                    c.groups(),
                    c.memes(),
                    new MeanStd(c.accuracyMean(), c.accuracyStd(), c.seeds()),
                    new MeanStd(c.overallMean(), c.overallStd(), c.seeds())))
        .sorted(
            Comparator.comparing(ConfounderAccuracy::split, Splits.ORDER)
                .thenComparing(c -> List.of("text", "image", "any").indexOf(c.kind()))
                .thenComparing(ConfounderAccuracy::model, Splits.MODEL_ORDER)
                .thenComparing(ConfounderAccuracy::rule))
        .toList();
  }

  static int pairIndex(String a, String b) {
    for (int i = 0; i < SweepAnalysis.PAIRS.size(); i++) {
      if (SweepAnalysis.PAIRS.get(i).equals(List.of(a, b))) {
        return i;
      }
    }
    return SweepAnalysis.PAIRS.size();
  }

  private static Interval interval(
      double estimate, Double lower, Double upper, double level, int resamples) {
    return new Interval(estimate, nan(lower), nan(upper), level, resamples);
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }
}
