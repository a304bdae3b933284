package io.memefusion.analysis;

import io.memefusion.analysis.SweepAnalysisResult.CalibrationSummary;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderGroups;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
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
import io.memefusion.results.Fmt;
import io.memefusion.results.ModelRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link SweepAnalysis} finds split by split, in the order it finds it: each model's bootstrap
 * intervals and calibration, the paired comparisons, confounder groups and their accuracy, and the
 * notes the tables must show.
 */
final class SplitFindings {
  final List<SplitSummary> splits = new ArrayList<>();
  final List<MetricCi> cis = new ArrayList<>();
  final List<PairedComparison> paired = new ArrayList<>();
  final List<CalibrationSummary> calibration = new ArrayList<>();
  final List<ConfounderGroups> groups = new ArrayList<>();
  final List<ConfounderAccuracy> confounders = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  /** The memes of each split as the models saw them (every meme some model scored). */
  final Map<String, Set<String>> idsBySplit = new LinkedHashMap<>();

  private final AnalysisSettings settings;
  private final Bootstrap bootstrap;

  /** trial/split/rule → the trial's threshold. */
  private final Map<String, Double> thresholds;

  SplitFindings(AnalysisSettings settings, Map<String, Double> thresholds) {
    this.settings = settings;
    this.bootstrap = settings.bootstrap();
    this.thresholds = thresholds;
  }

  /** Analyses one split scored by the chosen trials of each model. */
  void analyze(
      String split, Map<String, ModelRow> chosen, AnalysisDao dao, Optional<Dataset> dataset) {
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
      return;
    }
    if (positives == 0 || positives == labelOf.size()) {
      notes.add(split + " has only one class: AUROC is undefined there");
    }
    scores.forEach((model, m) -> model(split, model, chosen.get(model).configKey(), m, labelOf));
    pairs(split, scores);
    Optional<Split> data = dataset.flatMap(d -> d.split(split));
    if (data.isPresent()) {
      Confounders.ImageHashes hashes = Confounders.hashImages(dataset.get(), data.get().memes());
      List<Confounders.Group> found = Confounders.find(data.get().memes(), hashes.byMemeId());
      groups.add(new ConfounderGroups(split, found, hashes.missing()));
      confounders.addAll(confounderAccuracy(split, scores, found, thresholds));
    }
  }

  /** One model on one split: its intervals (AUROC; accuracy per rule) and calibration. */
  private void model(
      String split, String model, String config, ModelScores m, Map<String, Integer> labelOf) {
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
  }

  /** A minus B on AUROC for each pair of models both scored on the split, on their common memes. */
  private void pairs(String split, Map<String, ModelScores> scores) {
    for (List<String> pair : SweepAnalysis.PAIRS) {
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
        model, split, probas.size(), n, SweepAnalysis.meanStd(eces), all.ece(), all.bins());
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
                  SweepAnalysis.meanStd(inGroups),
                  SweepAnalysis.meanStd(overall)));
        }
      }
    }
    return out;
  }
}
