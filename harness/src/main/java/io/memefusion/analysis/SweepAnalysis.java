package io.memefusion.analysis;

import io.memefusion.analysis.SweepAnalysisResult.CalibrationSummary;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderGroups;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.analysis.SweepAnalysisResult.RelianceSummary;
import io.memefusion.analysis.SweepAnalysisResult.SplitSummary;
import io.memefusion.data.Dataset;
import io.memefusion.data.Split;
import io.memefusion.db.AnalysisDao;
import io.memefusion.db.AnalysisDao.PredictionRow;
import io.memefusion.eval.Bootstrap;
import io.memefusion.eval.Calibration;
import io.memefusion.eval.Confounders;
import io.memefusion.eval.ConfusionCounts;
import io.memefusion.eval.Modality;
import io.memefusion.eval.Statistic;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.MeanStd;
import io.memefusion.export.ModelRow;
import io.memefusion.export.ResultTable;
import io.memefusion.export.SweepResults;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Computes the analysis of a sweep from the predictions it stored, for the configuration of each
 * model chosen on dev (the trials of the rows of {@link SweepResults}), stores it and returns it:
 * bootstrap intervals, paired comparisons, calibration, modality reliance (recorded per trial by
 * the runner, aggregated here) and confounder accuracy (needs the dataset for the groups).
 */
public final class SweepAnalysis {
  /** The comparisons "does fusion help": A minus B on AUROC. */
  static final List<List<String>> PAIRS =
      List.of(
          List.of("early_fusion", "text"),
          List.of("late_fusion", "text"),
          List.of("early_fusion", "late_fusion"));

  private final Jdbi jdbi;
  private final AnalysisSettings settings;

  public SweepAnalysis(Jdbi jdbi, AnalysisSettings settings) {
    this.jdbi = jdbi;
    this.settings = settings;
  }

  /** Analyses the sweep of {@code results}, replaces its stored analysis and returns it. */
  public SweepAnalysisResult analyze(SweepResults results, Optional<Dataset> dataset) {
    SweepAnalysisResult result = compute(results, dataset);
    new AnalysisStore(jdbi).save(result);
    return result;
  }

  /** The stored analysis of a sweep, if it was analysed. */
  public Optional<SweepAnalysisResult> load(long sweepId) {
    return new AnalysisStore(jdbi).load(sweepId);
  }

  /**
   * model → chosen row (configuration and trials), in model order, from the first table that has
   * it.
   */
  public static Map<String, ModelRow> chosen(SweepResults results) {
    Map<String, ModelRow> chosen = new TreeMap<>(Splits.MODEL_ORDER);
    List<ResultTable> tables = new ArrayList<>(results.devTables());
    tables.addAll(results.testTables());
    for (ResultTable t : tables) {
      for (ModelRow row : t.rows()) {
        if (!row.trialIds().isEmpty()) {
          chosen.putIfAbsent(row.model(), row);
        }
      }
    }
    return chosen;
  }

  SweepAnalysisResult compute(SweepResults results, Optional<Dataset> dataset) {
    Map<String, ModelRow> chosen = chosen(results);
    List<Long> allTrials = chosen.values().stream().flatMap(r -> r.trialIds().stream()).toList();
    List<String> notes = new ArrayList<>();
    List<SplitSummary> splits = new ArrayList<>();
    List<MetricCi> cis = new ArrayList<>();
    List<PairedComparison> paired = new ArrayList<>();
    List<CalibrationSummary> calibration = new ArrayList<>();
    List<ConfounderGroups> groups = new ArrayList<>();
    List<ConfounderAccuracy> confounders = new ArrayList<>();
    if (allTrials.isEmpty()) {
      notes.add("the sweep has no finished trials to analyse");
      return new SweepAnalysisResult(
          results.sweepId(),
          settings,
          Map.of(),
          splits,
          cis,
          paired,
          calibration,
          List.of(),
          groups,
          confounders,
          notes);
    }
    AnalysisDao dao = jdbi.onDemand(AnalysisDao.class);
    Map<String, Double> thresholds = new LinkedHashMap<>();
    dao.thresholds(allTrials)
        .forEach(
            t ->
                thresholds.put(
                    t.trialId() + "/" + t.split() + "/" + t.thresholdRule(), t.threshold()));
    List<String> splitNames = new ArrayList<>(dao.predictedSplits(allTrials));
    splitNames.sort(Splits.ORDER);
    Map<String, Set<String>> idsBySplit = new LinkedHashMap<>();
    Bootstrap bootstrap = settings.bootstrap();

    for (String split : splitNames) {
      SplitScores scores = SplitScores.load(dao, chosen, split);
      idsBySplit.put(split, new LinkedHashSet<>(scores.ids()));
      splits.add(
          new SplitSummary(split, scores.ids().size(), scores.positives(), scores.labeled()));
      if (scores.dropped() > 0) {
        notes.add(
            split
                + ": "
                + scores.dropped()
                + " memes were not scored by every chosen trial and are left out of the analysis");
      }
      if (!scores.labeled()) {
        notes.add(
            split + " has no labels: its predictions are stored, but no metric can be computed");
        continue;
      }
      if (scores.positives() == 0 || scores.positives() == scores.ids().size()) {
        notes.add(split + " has only one class: AUROC is undefined there");
      }
      int[] labels = scores.labels();
      for (Map.Entry<String, ModelRow> e : chosen.entrySet()) {
        String model = e.getKey();
        List<Long> ids = scores.trials(model);
        List<double[]> probas = scores.probas(model);
        if (probas.isEmpty()) {
          continue;
        }
        cis.add(
            new MetricCi(
                model,
                split,
                "auroc",
                Optional.empty(),
                e.getValue().configKey(),
                probas.size(),
                labels.length,
                bootstrap.interval(labels, probas, Statistic.auroc())));
        for (ThresholdRule rule : ThresholdRule.values()) {
          Optional<List<double[]>> hits = hits(labels, probas, ids, split, rule, thresholds);
          hits.ifPresent(
              h ->
                  cis.add(
                      new MetricCi(
                          model,
                          split,
                          "accuracy",
                          Optional.of(rule),
                          e.getValue().configKey(),
                          h.size(),
                          labels.length,
                          bootstrap.interval(labels, h, Statistic.mean()))));
        }
        calibration.add(calibration(model, split, labels, probas));
      }
      for (List<String> pair : PAIRS) {
        List<double[]> a = scores.probas(pair.get(0));
        List<double[]> b = scores.probas(pair.get(1));
        if (!a.isEmpty() && !b.isEmpty()) {
          paired.add(
              new PairedComparison(
                  split,
                  pair.get(0),
                  pair.get(1),
                  "auroc",
                  labels.length,
                  bootstrap.paired(labels, a, b, Statistic.auroc())));
        }
      }
      Optional<Split> data = dataset.flatMap(d -> d.split(split));
      if (data.isPresent()) {
        Confounders.ImageHashes hashes = Confounders.hashImages(dataset.get(), data.get().memes());
        List<Confounders.Group> found = Confounders.find(data.get().memes(), hashes.byMemeId());
        groups.add(new ConfounderGroups(split, found, hashes.missing()));
        confounders.addAll(confounderAccuracy(split, chosen, scores, found, thresholds));
      }
    }
    if (dataset.isEmpty()) {
      notes.add("the dataset was not available: confounder groups were not computed");
    }
    overlapNote(idsBySplit).ifPresent(notes::add);
    Map<String, List<Long>> chosenTrials = new LinkedHashMap<>();
    chosen.forEach((model, row) -> chosenTrials.put(model, row.trialIds()));
    List<RelianceSummary> reliance = reliance(dao, chosenTrials);
    if (reliance.isEmpty()) {
      notes.add("no modality-reliance measurements were recorded for the chosen trials");
    }
    return new SweepAnalysisResult(
        results.sweepId(),
        settings,
        chosenTrials,
        splits,
        cis,
        paired,
        calibration,
        reliance,
        groups,
        confounders,
        notes);
  }

  /**
   * Per seed, 1/0 per meme: right or wrong at that trial's threshold; empty when one is unknown.
   */
  private static Optional<List<double[]>> hits(
      int[] labels,
      List<double[]> probas,
      List<Long> trialIds,
      String split,
      ThresholdRule rule,
      Map<String, Double> thresholds) {
    List<double[]> hits = new ArrayList<>();
    for (int s = 0; s < probas.size(); s++) {
      Double t = threshold(thresholds, trialIds.get(s), split, rule);
      if (t == null) {
        return Optional.empty();
      }
      hits.add(ConfusionCounts.hits(labels, probas.get(s), t));
    }
    return Optional.of(hits);
  }

  /** The trial's threshold for a rule (stored per split; the same on every split of a trial). */
  static Double threshold(
      Map<String, Double> thresholds, long trialId, String split, ThresholdRule rule) {
    Double t = thresholds.get(trialId + "/" + split + "/" + rule.dbName());
    if (t == null) {
      t =
          thresholds.entrySet().stream()
              .filter(
                  e ->
                      e.getKey().startsWith(trialId + "/")
                          && e.getKey().endsWith("/" + rule.dbName()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    return t == null && rule == ThresholdRule.FIXED_05 ? Double.valueOf(0.5) : t;
  }

  private CalibrationSummary calibration(
      String model, String split, int[] labels, List<double[]> probas) {
    int bins = settings.calibrationBins();
    double[] eces = new double[probas.size()];
    int n = labels.length;
    int[] pooledLabels = new int[n * probas.size()];
    double[] pooled = new double[n * probas.size()];
    for (int s = 0; s < probas.size(); s++) {
      eces[s] = Calibration.reliability(labels, probas.get(s), bins).ece();
      System.arraycopy(labels, 0, pooledLabels, s * n, n);
      System.arraycopy(probas.get(s), 0, pooled, s * n, n);
    }
    Calibration.Reliability all = Calibration.reliability(pooledLabels, pooled, bins);
    return new CalibrationSummary(
        model, split, probas.size(), n, meanStd(eces), all.ece(), all.bins());
  }

  private static List<ConfounderAccuracy> confounderAccuracy(
      String split,
      Map<String, ModelRow> chosen,
      SplitScores scores,
      List<Confounders.Group> groups,
      Map<String, Double> thresholds) {
    List<ConfounderAccuracy> out = new ArrayList<>();
    Map<String, Integer> position = new LinkedHashMap<>();
    for (int i = 0; i < scores.ids().size(); i++) {
      position.put(scores.ids().get(i), i);
    }
    for (String kind : List.of("text", "image", "any")) {
      List<Confounders.Group> ofKind =
          groups.stream()
              .filter(g -> kind.equals("any") || g.kind().dbName().equals(kind))
              .toList();
      Set<Integer> rows = new HashSet<>();
      ofKind.forEach(
          g -> g.memeIds().stream().map(position::get).filter(p -> p != null).forEach(rows::add));
      if (rows.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, ModelRow> e : chosen.entrySet()) {
        List<double[]> probas = scores.probas(e.getKey());
        if (probas.isEmpty()) {
          continue;
        }
        for (ThresholdRule rule : ThresholdRule.values()) {
          Optional<List<double[]>> hits =
              hits(scores.labels(), probas, scores.trials(e.getKey()), split, rule, thresholds);
          if (hits.isEmpty()) {
            continue;
          }
          double[] inGroups = new double[probas.size()];
          double[] overall = new double[probas.size()];
          for (int s = 0; s < probas.size(); s++) {
            double[] h = hits.get().get(s);
            double sum = 0;
            for (int r : rows) {
              sum += h[r];
            }
            inGroups[s] = sum / rows.size();
            overall[s] = Statistic.mean().of(scores.labels(), h);
          }
          out.add(
              new ConfounderAccuracy(
                  e.getKey(),
                  split,
                  kind,
                  rule,
                  ofKind.size(),
                  rows.size(),
                  meanStd(inGroups),
                  meanStd(overall)));
        }
      }
    }
    return out;
  }

  /** Modality reliance of the chosen trials, as recorded by the runner, averaged over seeds. */
  static List<RelianceSummary> reliance(AnalysisDao dao, Map<String, List<Long>> chosenTrials) {
    Map<Long, String> modelOf = new LinkedHashMap<>();
    chosenTrials.forEach((model, ids) -> ids.forEach(id -> modelOf.put(id, model)));
    List<RelianceSummary> out = new ArrayList<>();
    if (modelOf.isEmpty()) {
      return out;
    }
    Map<List<String>, List<AnalysisDao.RelianceRow>> grouped = new LinkedHashMap<>();
    for (AnalysisDao.RelianceRow r : dao.reliance(modelOf.keySet())) {
      grouped
          .computeIfAbsent(
              List.of(modelOf.get(r.trialId()), r.split(), r.modality()), k -> new ArrayList<>())
          .add(r);
    }
    grouped.forEach(
        (key, rows) ->
            out.add(
                new RelianceSummary(
                    key.get(0),
                    key.get(1),
                    Modality.fromDbName(key.get(2)),
                    meanStd(
                        rows.stream().mapToDouble(AnalysisDao.RelianceRow::baseAuroc).toArray()),
                    meanStd(
                        rows.stream().mapToDouble(AnalysisDao.RelianceRow::dropMean).toArray()))));
    out.sort(
        java.util.Comparator.comparing(RelianceSummary::split, Splits.ORDER)
            .thenComparing(RelianceSummary::model, Splits.MODEL_ORDER)
            .thenComparing(RelianceSummary::modality));
    return out;
  }

  /**
   * The released dev_unseen repeats about 400 dev_seen memes: say how many, when both are shown.
   */
  static Optional<String> overlapNote(Map<String, Set<String>> idsBySplit) {
    Set<String> seen = idsBySplit.get("dev_seen");
    Set<String> unseen = idsBySplit.get("dev_unseen");
    if (seen == null || unseen == null) {
      return Optional.empty();
    }
    long shared = unseen.stream().filter(seen::contains).count();
    return Optional.of(
        "dev_unseen shares "
            + shared
            + " of its "
            + unseen.size()
            + " memes with dev_seen (the released splits overlap by about "
            + Splits.DEV_OVERLAP_APPROX
            + "): the two dev results are not independent");
  }

  /** Mean and sample standard deviation (0 for one value). */
  public static MeanStd meanStd(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v / values.length;
    }
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean);
    }
    return new MeanStd(
        mean, values.length > 1 ? Math.sqrt(var / (values.length - 1)) : 0, values.length);
  }

  /** Labels and per-seed probabilities of the chosen trials on one split, aligned by meme id. */
  record SplitScores(
      List<String> ids,
      int[] labels,
      boolean labeled,
      int positives,
      int dropped,
      Map<String, List<double[]>> byModel,
      Map<String, List<Long>> trialsByModel) {
    List<double[]> probas(String model) {
      return byModel.getOrDefault(model, List.of());
    }

    /** The trials behind {@link #probas}, in the same order. */
    List<Long> trials(String model) {
      return trialsByModel.getOrDefault(model, List.of());
    }

    static SplitScores load(AnalysisDao dao, Map<String, ModelRow> chosen, String split) {
      Map<Long, Map<String, PredictionRow>> byTrial = new LinkedHashMap<>();
      Set<String> union = new LinkedHashSet<>();
      for (ModelRow row : chosen.values()) {
        for (long trialId : row.trialIds()) {
          Map<String, PredictionRow> rows =
              dao.predictions(trialId, split).stream()
                  .collect(
                      Collectors.toMap(
                          PredictionRow::memeId, p -> p, (a, b) -> a, LinkedHashMap::new));
          if (!rows.isEmpty()) {
            byTrial.put(trialId, rows);
            union.addAll(rows.keySet());
          }
        }
      }
      List<String> ids =
          union.stream()
              .filter(id -> byTrial.values().stream().allMatch(m -> m.containsKey(id)))
              .sorted()
              .toList();
      int[] labels = new int[ids.size()];
      boolean labeled = !ids.isEmpty();
      int positives = 0;
      Map<String, PredictionRow> first = byTrial.values().iterator().next();
      for (int i = 0; i < ids.size(); i++) {
        Integer label = first.get(ids.get(i)).label();
        if (label == null) {
          labeled = false;
        } else {
          labels[i] = label;
          positives += label;
        }
      }
      Map<String, List<double[]>> byModel = new LinkedHashMap<>();
      Map<String, List<Long>> trialsByModel = new LinkedHashMap<>();
      for (Map.Entry<String, ModelRow> e : chosen.entrySet()) {
        for (long trialId : e.getValue().trialIds()) {
          Map<String, PredictionRow> rows = byTrial.get(trialId);
          if (rows == null) {
            continue;
          }
          double[] p = ids.stream().mapToDouble(id -> rows.get(id).proba()).toArray();
          byModel.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(p);
          trialsByModel.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(trialId);
        }
      }
      return new SplitScores(
          ids, labels, labeled, positives, union.size() - ids.size(), byModel, trialsByModel);
    }
  }
}
