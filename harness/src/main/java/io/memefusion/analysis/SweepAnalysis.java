package io.memefusion.analysis;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.memefusion.eval.Bootstrap;
import io.memefusion.eval.Calibration;
import io.memefusion.eval.Confounders;
import io.memefusion.eval.ConfusionCounts;
import io.memefusion.eval.Statistic;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.features.Modality;
import io.memefusion.results.Fmt;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Computes the analysis of a sweep from the predictions it stored, for the configuration of each
 * model chosen on dev (the trials of the rows of {@link SweepResults}), stores it and returns it:
 * bootstrap intervals, paired comparisons, calibration, modality reliance (recorded per trial by
 * the runner, aggregated here) and confounder accuracy (needs the dataset for the groups).
 */
public final class SweepAnalysis {
  /**
   * The comparisons "does fusion help" and "early vs late", then each interaction head against
   * text-only and early fusion: A minus B on AUROC (pairs whose models are not in the sweep are
   * skipped).
   */
  static final List<List<String>> PAIRS =
      List.of(
          List.of("early_fusion", "text"),
          List.of("late_fusion", "text"),
          List.of("early_fusion", "late_fusion"),
          List.of("align_fusion", "text"),
          List.of("bilinear_fusion", "text"),
          List.of("gated_fusion", "text"),
          List.of("align_fusion", "early_fusion"),
          List.of("bilinear_fusion", "early_fusion"),
          List.of("gated_fusion", "early_fusion"));

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
    // every split the chosen trials were scored on, train excepted (the train hold-out that picks
    // the threshold is kept: it is held out from training; the report leaves it out)
    String train = trainSplit(dao.sweepContext(results.sweepId()));
    List<String> splitNames = new ArrayList<>(dao.predictedSplits(allTrials));
    splitNames.removeIf(s -> s.equals(train));
    splitNames.sort(Splits.ORDER);
    Map<String, Set<String>> idsBySplit = new LinkedHashMap<>();
    Bootstrap bootstrap = settings.bootstrap();

    for (String split : splitNames) {
      Map<String, ModelScores> scores = new LinkedHashMap<>();
      chosen.forEach(
          (model, row) -> {
            ModelScores m = ModelScores.load(dao, row.trialIds(), split);
            if (!m.isEmpty()) {
              scores.put(model, m);
            }
          });
      // the split as the models saw it: every meme some model scored
      Map<String, Integer> labelOf = new LinkedHashMap<>();
      boolean labeled = !scores.isEmpty();
      for (ModelScores m : scores.values()) {
        labeled &= m.labeled();
        for (int i = 0; i < m.ids().size(); i++) {
          labelOf.put(m.ids().get(i), m.labels()[i]);
        }
      }
      int positives = labelOf.values().stream().mapToInt(Integer::intValue).sum();
      idsBySplit.put(split, labelOf.keySet());
      splits.add(new SplitSummary(split, labelOf.size(), labeled ? positives : 0, labeled));
      if (!labeled) {
        notes.add(
            split + " has no labels: its predictions are stored, but no metric can be computed");
        continue;
      }
      if (positives == 0 || positives == labelOf.size()) {
        notes.add(split + " has only one class: AUROC is undefined there");
      }
      scores.forEach(
          (model, m) -> {
            if (m.ids().size() < labelOf.size()) {
              notes.add(
                  split
                      + ": "
                      + Fmt.model(model)
                      + " scored "
                      + m.ids().size()
                      + " of "
                      + labelOf.size()
                      + " memes (the others have no image)");
            }
            String config = chosen.get(model).configKey();
            cis.add(
                new MetricCi(
                    model,
                    split,
                    "auroc",
                    Optional.empty(),
                    config,
                    m.probas().size(),
                    m.ids().size(),
                    bootstrap.interval(m.labels(), m.probas(), Statistic.auroc())));
            for (ThresholdRule rule : ThresholdRule.values()) {
              hits(m, split, rule, thresholds)
                  .ifPresent(
                      h ->
                          cis.add(
                              new MetricCi(
                                  model,
                                  split,
                                  "accuracy",
                                  Optional.of(rule),
                                  config,
                                  h.size(),
                                  m.ids().size(),
                                  bootstrap.interval(m.labels(), h, Statistic.mean()))));
            }
            calibration.add(calibration(model, split, m));
          });
      for (List<String> pair : PAIRS) {
        ModelScores a = scores.get(pair.get(0));
        ModelScores b = scores.get(pair.get(1));
        if (a != null && b != null) {
          List<ModelScores> both = ModelScores.common(a, b);
          if (both.get(0).ids().isEmpty()) {
            continue;
          }
          paired.add(
              new PairedComparison(
                  split,
                  pair.get(0),
                  pair.get(1),
                  "auroc",
                  both.get(0).ids().size(),
                  bootstrap.paired(
                      both.get(0).labels(),
                      both.get(0).probas(),
                      both.get(1).probas(),
                      Statistic.auroc())));
        }
      }
      Optional<Split> data = dataset.flatMap(d -> d.split(split));
      if (data.isPresent()) {
        Confounders.ImageHashes hashes = Confounders.hashImages(dataset.get(), data.get().memes());
        List<Confounders.Group> found = Confounders.find(data.get().memes(), hashes.byMemeId());
        groups.add(new ConfounderGroups(split, found, hashes.missing()));
        confounders.addAll(confounderAccuracy(split, scores, found, thresholds));
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

  /** The sweep's train split as its context names it ("train" when it names none). */
  static String trainSplit(Optional<JsonNode> context) {
    return context.map(c -> c.path("splits").path("train").asText("train")).orElse("train");
  }

  /** Per seed, 1/0 per meme: right or wrong at that trial's threshold; empty if one is unknown. */
  private static Optional<List<double[]>> hits(
      ModelScores m, String split, ThresholdRule rule, Map<String, Double> thresholds) {
    List<double[]> hits = new ArrayList<>();
    for (int s = 0; s < m.probas().size(); s++) {
      Double t = threshold(thresholds, m.trials().get(s), split, rule);
      if (t == null) {
        return Optional.empty();
      }
      hits.add(ConfusionCounts.hits(m.labels(), m.probas().get(s), t));
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

  private CalibrationSummary calibration(String model, String split, ModelScores m) {
    int[] labels = m.labels();
    List<double[]> probas = m.probas();
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
      Map<String, ModelScores> scores,
      List<Confounders.Group> groups,
      Map<String, Double> thresholds) {
    List<ConfounderAccuracy> out = new ArrayList<>();
    for (String kind : List.of("text", "image", "any")) {
      List<Confounders.Group> ofKind =
          groups.stream()
              .filter(g -> kind.equals("any") || g.kind().dbName().equals(kind))
              .toList();
      Set<String> members = new HashSet<>();
      ofKind.forEach(g -> members.addAll(g.memeIds()));
      for (Map.Entry<String, ModelScores> e : scores.entrySet()) {
        ModelScores m = e.getValue();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < m.ids().size(); i++) {
          if (members.contains(m.ids().get(i))) {
            rows.add(i);
          }
        }
        if (rows.isEmpty()) {
          continue;
        }
        for (ThresholdRule rule : ThresholdRule.values()) {
          Optional<List<double[]>> hits = hits(m, split, rule, thresholds);
          if (hits.isEmpty()) {
            continue;
          }
          double[] inGroups = new double[m.probas().size()];
          double[] overall = new double[m.probas().size()];
          for (int s = 0; s < m.probas().size(); s++) {
            double[] h = hits.get().get(s);
            double sum = 0;
            for (int r : rows) {
              sum += h[r];
            }
            inGroups[s] = sum / rows.size();
            overall[s] = Statistic.mean().of(m.labels(), h);
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
                    Modality.valueOf(key.get(2).toUpperCase(java.util.Locale.ROOT)),
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
}
