package io.memefusion.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.memefusion.analysis.SweepAnalysisResult.CalibrationSummary;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderGroups;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.analysis.SweepAnalysisResult.SplitSummary;
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
                  runJson(r)));
          dao.insertCis(
              r.cis().stream()
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
                  .toList());
          dao.insertPaired(
              r.paired().stream()
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
                  .toList());
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
        });
  }

  Optional<SweepAnalysisResult> load(long sweepId) {
    return jdbi.withHandle(
        h -> {
          AnalysisDao dao = h.attach(AnalysisDao.class);
          Optional<AnalysisDao.RunRow> run = dao.run(sweepId);
          if (run.isEmpty()) {
            return Optional.empty();
          }
          AnalysisDao.RunRow rr = run.get();
          AnalysisSettings settings =
              new AnalysisSettings(
                  rr.resamples(),
                  rr.bootstrapSeed(),
                  rr.stratified(),
                  rr.level(),
                  rr.calibrationBins());
          List<SplitSummary> splits = new ArrayList<>();
          List<String> notes = new ArrayList<>();
          Map<String, Integer> missingImages = new LinkedHashMap<>();
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
          rr.notes()
              .path("splits")
              .forEach(
                  n ->
                      splits.add(
                          new SplitSummary(
                              n.path("name").asText(), n.path("memes").asInt(),
                              n.path("positives").asInt(), n.path("labeled").asBoolean())));
          rr.notes().path("notes").forEach(n -> notes.add(n.asText()));
          rr.notes()
              .path("missing_images")
              .properties()
              .forEach(e -> missingImages.put(e.getKey(), e.getValue().asInt()));
          double level = rr.level();
          List<MetricCi> cis =
              dao.cis(sweepId).stream()
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
                              interval(
                                  c.estimate(),
                                  c.lowerBound(),
                                  c.upperBound(),
                                  level,
                                  rr.resamples())))
                  .sorted(
                      Comparator.comparing(MetricCi::split, Splits.ORDER)
                          .thenComparing(MetricCi::model, Splits.MODEL_ORDER)
                          .thenComparing(MetricCi::metric, Comparator.reverseOrder())
                          .thenComparing(c -> c.rule().map(Enum::ordinal).orElse(-1)))
                  .toList();
          List<PairedComparison> paired =
              dao.paired(sweepId).stream()
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
                                      p.estimate(),
                                      p.lowerBound(),
                                      p.upperBound(),
                                      level,
                                      rr.resamples()),
                                  p.fracAtMostZero())))
                  .sorted(
                      Comparator.comparing(PairedComparison::split, Splits.ORDER)
                          .thenComparing(p -> pairIndex(p.modelA(), p.modelB())))
                  .toList();
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
          List<CalibrationSummary> calibration =
              dao.calibration(sweepId).stream()
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
          List<ConfounderAccuracy> confounders =
              dao.confounderAccuracy(sweepId).stream()
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
          return Optional.of(
              new SweepAnalysisResult(
                  sweepId,
                  settings,
                  chosen,
                  splits,
                  cis,
                  paired,
                  calibration,
                  SweepAnalysis.reliance(dao, chosen),
                  groups,
                  confounders,
                  notes));
        });
  }

  private static int pairIndex(String a, String b) {
    for (int i = 0; i < SweepAnalysis.PAIRS.size(); i++) {
      if (SweepAnalysis.PAIRS.get(i).equals(List.of(a, b))) {
        return i;
      }
    }
    return SweepAnalysis.PAIRS.size();
  }

  /** What the tables do not hold: split sizes, notes, images missing per split. */
  private static JsonNode runJson(SweepAnalysisResult r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    var root = f.objectNode();
    ArrayNode splits = root.putArray("splits");
    for (SplitSummary s : r.splits()) {
      splits
          .addObject()
          .put("name", s.name())
          .put("memes", s.memes())
          .put("positives", s.positives())
          .put("labeled", s.labeled());
    }
    var trials = root.putObject("trials");
    r.chosenTrials()
        .forEach(
            (model, ids) -> {
              ArrayNode a = trials.putArray(model);
              ids.forEach(a::add);
            });
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);
    var missing = root.putObject("missing_images");
    r.confounderGroups().forEach(g -> missing.put(g.split(), g.missingImages()));
    return root;
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
