package io.memefusion.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.UserException;
import io.memefusion.analysis.Splits;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.db.AnalysisDao;
import io.memefusion.db.DatasetDao;
import io.memefusion.db.EpochDao;
import io.memefusion.db.EpochRow;
import io.memefusion.db.FeatureSetDao;
import io.memefusion.db.FeatureSetRow;
import io.memefusion.db.TrialDao;
import io.memefusion.db.TrialRow;
import io.memefusion.eval.ConfusionCounts;
import io.memefusion.eval.Curves;
import io.memefusion.eval.Statistic;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.results.SweepResults;
import io.memefusion.sweep.StoredSweep;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepEncoder;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** Reads what a report needs about a sweep and computes its curves from the stored predictions. */
public final class ReportLoader {
  private final Jdbi jdbi;

  public ReportLoader(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * The report's data; the train hold-out (scored only to pick the train_holdout threshold) is left
   * out of the report's analysis.
   */
  public ReportData load(SweepResults results, SweepAnalysisResult stored, OffsetDateTime now) {
    SweepAnalysisResult analysis = stored.without(SweepContext.THRESHOLD_HOLDOUT);
    AnalysisDao analysisDao = jdbi.onDemand(AnalysisDao.class);
    long id = results.sweepId();
    StoredSweep sweep =
        jdbi.withHandle(h -> StoredSweep.find(h, id))
            .orElseThrow(() -> new UserException("no sweep with id " + id));
    DatasetDao datasets = jdbi.onDemand(DatasetDao.class);
    Optional<DatasetDao.DatasetRow> dataset =
        sweep.row().datasetId() == null
            ? Optional.empty()
            : datasets.dataset(sweep.row().datasetId());
    List<DatasetDao.SplitRow> splits =
        dataset.map(d -> datasets.splits(d.id())).orElse(List.of()).stream()
            .sorted(Comparator.comparing(DatasetDao.SplitRow::split, Splits.ORDER))
            .toList();
    TrialDao trialDao = jdbi.onDemand(TrialDao.class);
    ReportData.Builder data =
        ReportData.builder()
            .sweep(sweep)
            .dataset(dataset)
            .datasetSplits(splits)
            .featureSets(featureSets(sweep.context(), splits))
            .trialCounts(trialDao.countsByModel(id))
            .trialSeconds(trialSeconds(trialDao.list(id)))
            .results(results)
            .analysis(analysis)
            .generatedAt(now);
    Map<String, List<Long>> chosen = analysis.chosenTrials();
    List<Long> all = chosen.values().stream().flatMap(List::stream).toList();
    Map<Long, Map<String, Double>> thresholds = new LinkedHashMap<>();
    Map<Long, Integer> seeds = new LinkedHashMap<>();
    if (!all.isEmpty()) {
      analysisDao
          .thresholds(all)
          .forEach(
              t ->
                  thresholds
                      .computeIfAbsent(t.trialId(), k -> new LinkedHashMap<>())
                      .put(t.split() + "/" + t.thresholdRule(), t.threshold()));
      trialDao.list(id).forEach(t -> seeds.put(t.id(), t.seed()));
    }
    List<ReportData.SplitCurves> curves = new ArrayList<>();
    for (SweepAnalysisResult.SplitSummary s : analysis.splits()) {
      if (!s.labeled()) {
        continue;
      }
      List<ReportData.ModelCurves> models = new ArrayList<>();
      chosen.forEach(
          (model, trials) ->
              curvesOf(analysisDao, model, trials, s.name(), thresholds, seeds)
                  .ifPresent(models::add));
      curves.add(new ReportData.SplitCurves(s.name(), models));
    }
    List<ReportData.EpochCurve> epochs = epochs(jdbi.onDemand(EpochDao.class), chosen);
    return data.curves(curves).epochs(epochs).build();
  }

  /** The cached feature matrices of the sweep's encoders, newest per split of its dataset. */
  private List<FeatureSetRow> featureSets(SweepContext context, List<DatasetDao.SplitRow> splits) {
    List<String> splitNames = splits.stream().map(DatasetDao.SplitRow::split).toList();
    List<FeatureSetRow> out = new ArrayList<>();
    if (splitNames.isEmpty()) {
      return out;
    }
    FeatureSetDao dao = jdbi.onDemand(FeatureSetDao.class);
    for (SweepEncoder e : context.encoders()) {
      if (e.identified()) {
        out.addAll(dao.newestOf(e.modelId(), e.modelHash(), splitNames));
      }
    }
    return out;
  }

  /** Seconds per timed stage (train_s, score_s), summed over the sweep's done trials. */
  private static Map<String, Double> trialSeconds(List<TrialRow> trials) {
    Map<String, Double> seconds = new TreeMap<>();
    for (TrialRow t : trials) {
      if (!"done".equals(t.status()) || t.timings() == null) {
        continue;
      }
      t.timings()
          .properties()
          .forEach(
              e -> {
                // train_s, score_s: seconds; other keys (epochs_run, group_size) are counts
                if (e.getValue().isNumber() && e.getKey().endsWith("_s")) {
                  seconds.merge(e.getKey(), e.getValue().asDouble(), Double::sum);
                }
              });
    }
    return seconds;
  }

  /** The curves of the seed whose AUROC on {@code split} is the median among the model's seeds. */
  private static Optional<ReportData.ModelCurves> curvesOf(
      AnalysisDao dao,
      String model,
      List<Long> trials,
      String split,
      Map<Long, Map<String, Double>> thresholds,
      Map<Long, Integer> seeds) {
    record Scored(long trialId, int[] labels, double[] probas, double auroc) {}
    List<Scored> scored = new ArrayList<>();
    for (long trial : trials) {
      List<AnalysisDao.PredictionRow> rows = dao.predictions(trial, split);
      if (rows.isEmpty() || rows.stream().anyMatch(r -> r.label() == null)) {
        continue;
      }
      int[] labels = rows.stream().mapToInt(AnalysisDao.PredictionRow::label).toArray();
      double[] probas = rows.stream().mapToDouble(AnalysisDao.PredictionRow::proba).toArray();
      scored.add(new Scored(trial, labels, probas, Statistic.auroc().of(labels, probas)));
    }
    if (scored.isEmpty()) {
      return Optional.empty();
    }
    scored.sort(Comparator.comparingDouble(Scored::auroc));
    Scored median = scored.get((scored.size() - 1) / 2);
    Map<String, Double> t = thresholds.getOrDefault(median.trialId(), Map.of());
    Double holdout = t.get(split + "/" + ThresholdRule.TRAIN_HOLDOUT.dbName());
    if (holdout == null) {
      holdout =
          t.entrySet().stream()
              .filter(e -> e.getKey().endsWith("/" + ThresholdRule.TRAIN_HOLDOUT.dbName()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    ThresholdRule rule = holdout == null ? ThresholdRule.FIXED_05 : ThresholdRule.TRAIN_HOLDOUT;
    double threshold = holdout == null ? 0.5 : holdout;
    return Optional.of(
        new ReportData.ModelCurves(
            model,
            median.trialId(),
            seeds.getOrDefault(median.trialId(), 0),
            median.auroc(),
            Curves.roc(median.labels(), median.probas()),
            Curves.precisionRecall(median.labels(), median.probas()),
            rule,
            threshold,
            ConfusionCounts.at(median.labels(), median.probas(), threshold)));
  }

  private static List<ReportData.EpochCurve> epochs(EpochDao dao, Map<String, List<Long>> chosen) {
    List<ReportData.EpochCurve> out = new ArrayList<>();
    chosen.forEach(
        (model, trials) -> {
          if (trials.isEmpty()) {
            return;
          }
          Map<Integer, double[]> sums = new TreeMap<>();
          for (EpochRow e : dao.ofTrials(trials)) {
            if (e.devAuroc() != null) {
              double[] s = sums.computeIfAbsent(e.epoch(), k -> new double[2]);
              s[0] += e.devAuroc();
              s[1]++;
            }
          }
          List<Curves.Point> points = new ArrayList<>();
          sums.forEach((epoch, s) -> points.add(new Curves.Point(epoch, s[0] / s[1])));
          if (!points.isEmpty()) {
            out.add(new ReportData.EpochCurve(model, points));
          }
        });
    return out;
  }

  /** A JSON value as text for the overview ("—" when absent). */
  static String text(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "—";
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
