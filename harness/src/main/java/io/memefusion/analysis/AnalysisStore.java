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
import org.jdbi.v3.core.Jdbi;

/**
 * Writes a {@link SweepAnalysisResult} to the tables of {@code V3__analysis.sql} (replacing the
 * sweep's previous analysis in one transaction) and reads it back. Split summaries and reliance are
 * not stored here: reliance lives per trial, and split sizes are kept in the run's JSON.
 */
final class AnalysisStore {
  private final Jdbi jdbi;

  AnalysisStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  void save(SweepAnalysisResult r) {
    long id = r.sweepId();
    AnalysisSettings s = r.settings();
    jdbi.useTransaction(
        h -> {
          AnalysisDao dao = h.attach(AnalysisDao.class);
          dao.deleteAnalysis(id);
          dao.insertRun(
              new AnalysisDao.RunRow(
                  id,
                  s.resamples(),
                  s.seed(),
                  s.stratified(),
                  s.level(),
                  s.calibrationBins(),
                  AnalysisRunNotes.of(r).toJson()));
          dao.insertCis(ciRows(id, r));
          dao.insertPaired(pairedRows(id, r));
          saveCalibration(dao, id, r);
          saveConfounders(dao, id, r);
        });
  }

  Optional<SweepAnalysisResult> load(long sweepId) {
    return jdbi.withHandle(
        h -> {
          AnalysisDao dao = h.attach(AnalysisDao.class);
          Optional<AnalysisDao.RunRow> stored = dao.run(sweepId);
          if (stored.isEmpty()) {
            return Optional.empty();
          }
          AnalysisDao.RunRow rr = stored.get();
          AnalysisSettings settings =
              new AnalysisSettings(
                  rr.resamples(),
                  rr.bootstrapSeed(),
                  rr.stratified(),
                  rr.level(),
                  rr.calibrationBins());
          AnalysisRunNotes run = AnalysisRunNotes.read(rr.notes());
          List<MetricCi> cis = cis(dao, rr);
          List<PairedComparison> paired = paired(dao, rr);
          List<CalibrationSummary> calibration = calibration(dao, sweepId);
          List<ConfounderGroups> groups = confounderGroups(dao, sweepId, run.missingImages());
          List<ConfounderAccuracy> confounders = confounderAccuracy(dao, sweepId);
          return Optional.of(
              new SweepAnalysisResult(
                  sweepId,
                  settings,
                  run.chosen(),
                  run.splits(),
                  cis,
                  paired,
                  calibration,
                  SweepAnalysis.reliance(dao, run.chosen()),
                  groups,
                  confounders,
                  run.notes()));
        });
  }

  private static List<AnalysisDao.MetricCiRow> ciRows(long id, SweepAnalysisResult r) {
    return r.cis().stream()
        .map(
            c ->
                new AnalysisDao.MetricCiRow(
                    id,
                    c.model(),
                    c.split(),
                    c.metric(),
                    c.rule().map(ThresholdRule::dbName).orElse("none"),
                    c.configKey(),
                    c.seeds(),
                    c.n(),
                    c.interval().estimate(),
                    orNull(c.interval().lower()),
                    orNull(c.interval().upper())))
        .filter(row -> !Double.isNaN(row.estimate()))
        .toList();
  }

  private static List<AnalysisDao.PairedRow> pairedRows(long id, SweepAnalysisResult r) {
    return r.paired().stream()
        .map(
            p ->
                new AnalysisDao.PairedRow(
                    id,
                    p.split(),
                    p.modelA(),
                    p.modelB(),
                    p.metric(),
                    p.n(),
                    p.result().difference().estimate(),
                    orNull(p.result().difference().lower()),
                    orNull(p.result().difference().upper()),
                    p.result().fractionAtMostZero()))
        .filter(row -> !Double.isNaN(row.estimate()))
        .toList();
  }

  private static void saveCalibration(AnalysisDao dao, long id, SweepAnalysisResult r) {
    List<AnalysisDao.CalibrationRow> cal = new ArrayList<>();
    List<AnalysisDao.CalibrationBinRow> bins = new ArrayList<>();
    for (CalibrationSummary c : r.calibration()) {
      cal.add(
          new AnalysisDao.CalibrationRow(
              id,
              c.model(),
              c.split(),
              c.bins().size(),
              c.seeds(),
              c.n(),
              c.ece().mean(),
              c.ece().std(),
              c.ecePooled()));
      for (Calibration.Bin b : c.bins()) {
        bins.add(
            new AnalysisDao.CalibrationBinRow(
                id,
                c.model(),
                c.split(),
                b.index(),
                b.lower(),
                b.upper(),
                b.count(),
                orNull(b.meanPredicted()),
                orNull(b.observedFrequency())));
      }
    }
    dao.insertCalibration(cal);
    dao.insertCalibrationBins(bins);
  }

  private static void saveConfounders(AnalysisDao dao, long id, SweepAnalysisResult r) {
    List<AnalysisDao.ConfounderGroupRow> groups = new ArrayList<>();
    for (ConfounderGroups g : r.confounderGroups()) {
      for (Confounders.Group group : g.groups()) {
        groups.add(
            new AnalysisDao.ConfounderGroupRow(
                id,
                g.split(),
                group.kind().dbName(),
                group.key(),
                group.memeIds().toArray(String[]::new),
                group.positives(),
                group.negatives()));
      }
    }
    dao.insertConfounderGroups(groups);
    dao.insertConfounderAccuracy(
        r.confounders().stream()
            .map(
                c ->
                    new AnalysisDao.ConfounderAccuracyRow(
                        id,
                        c.model(),
                        c.split(),
                        c.kind(),
                        c.rule().dbName(),
                        c.groups(),
                        c.memes(),
                        c.accuracy().n(),
                        c.accuracy().mean(),
                        c.accuracy().std(),
                        c.overall().mean(),
                        c.overall().std()))
            .toList());
  }

  private static List<MetricCi> cis(AnalysisDao dao, AnalysisDao.RunRow rr) {
    double level = rr.level();
    return dao.cis(rr.sweepId()).stream()
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

  private static List<PairedComparison> paired(AnalysisDao dao, AnalysisDao.RunRow rr) {
    double level = rr.level();
    return dao.paired(rr.sweepId()).stream()
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

  private static List<CalibrationSummary> calibration(AnalysisDao dao, long sweepId) {
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

  private static List<ConfounderGroups> confounderGroups(
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

  private static List<ConfounderAccuracy> confounderAccuracy(AnalysisDao dao, long sweepId) {
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

  private static int pairIndex(String a, String b) {
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

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }
}
