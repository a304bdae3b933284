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
import io.memefusion.eval.ThresholdRule;
import java.util.ArrayList;
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
          dao.insertCis(cisRows(id, r));
          dao.insertPaired(pairedRows(id, r));
          insertCalibration(dao, id, r);
          insertConfounders(dao, id, r);
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
          Map<String, List<Long>> chosen = StoredRows.chosen(rr);
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
          List<MetricCi> cis = StoredRows.cis(dao, sweepId, rr);
          List<PairedComparison> paired = StoredRows.paired(dao, sweepId, rr);
          List<CalibrationSummary> calibration = StoredRows.calibration(dao, sweepId);
          List<ConfounderGroups> groups = StoredRows.groups(dao, sweepId, missingImages);
          List<ConfounderAccuracy> confounders = StoredRows.confounders(dao, sweepId);
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

  private static List<AnalysisDao.MetricCiRow> cisRows(long id, SweepAnalysisResult r) {
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

  private static void insertCalibration(AnalysisDao dao, long id, SweepAnalysisResult r) {
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

  private static void insertConfounders(AnalysisDao dao, long id, SweepAnalysisResult r) {
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

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
