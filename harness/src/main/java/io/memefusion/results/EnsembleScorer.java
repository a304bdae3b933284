package io.memefusion.results;

import io.memefusion.db.PredictionDao;
import io.memefusion.db.PredictionRow;
import io.memefusion.db.TrialMetricView;
import io.memefusion.eval.Auroc;
import io.memefusion.eval.BinaryMetrics;
import io.memefusion.eval.Bootstrap;
import io.memefusion.eval.Interval;
import io.memefusion.eval.Metric;
import io.memefusion.eval.PairedDifference;
import io.memefusion.eval.Statistic;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.eval.ThresholdSelection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Seed ensembles of the configurations chosen on dev: per meme, the mean of the seeds' stored
 * probabilities, scored as one model with the metrics every trial gets (so test is still scored
 * once, with the configuration dev chose).
 *
 * <ul>
 *   <li>Averaging is over the memes every seed scored, in float32 as the probabilities are stored
 *       and exported: the float32 values summed in double, divided by the number of seeds, rounded
 *       once to float32. {@code export --predictions} read as float32 gives the same numbers.
 *   <li>{@code fixed_0.5}: 0.5. {@code train_holdout}: the rule each seed used, applied to the
 *       ensemble: the best-F1 threshold on the ensemble's averaged probabilities on the train
 *       hold-out (the same memes for every seed, drawn with the sweep's split seed). A sweep
 *       without stored hold-out predictions falls back to the mean of the seeds' thresholds, and
 *       says so.
 *   <li>AUROC gets a stratified bootstrap interval and a paired bootstrap of ensemble minus the
 *       seeds' mean AUROC, both with the analysis defaults ({@link Bootstrap#DEFAULT_RESAMPLES}
 *       resamples, seed {@link Bootstrap#DEFAULT_SEED}).
 * </ul>
 *
 * A configuration with one seed gets no row (it would equal the model's row): a note says so.
 */
final class EnsembleScorer {
  private final PredictionDao predictions;
  private final String holdoutSplit;
  private final List<TrialMetricView> metrics;
  private final Bootstrap bootstrap =
      Bootstrap.stratified(Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
  // both threshold rules of a split share the averaged scores and the AUROC intervals
  private final Map<String, Optional<Averaged>> averaged = new HashMap<>();
  private final Map<String, Aurocs> aurocs = new HashMap<>();

  EnsembleScorer(PredictionDao predictions, String holdoutSplit, List<TrialMetricView> metrics) {
    this.predictions = predictions;
    this.holdoutSplit = holdoutSplit;
    this.metrics = metrics;
  }

  /** The ensembles of a table's rows. */
  SeedEnsembles of(String split, ThresholdRule rule, List<ModelRow> rows) {
    List<EnsembleRow> out = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> single = new ArrayList<>();
    List<String> fallback = new ArrayList<>();
    for (ModelRow row : rows) {
      int seeds = row.trialIds().size();
      if (seeds < 2) {
        single.add(row.model());
        continue;
      }
      Optional<Averaged> found = averaged(row.trialIds(), split);
      if (found.isEmpty()) {
        notes.add(
            row.model()
                + ": not every seed has predictions on "
                + split
                + ", so no seed ensemble.");
        continue;
      }
      Averaged a = found.get();
      if (!a.labeled()) {
        continue;
      }
      if (!a.sameMemes()) {
        notes.add(
            row.model()
                + ": its seeds scored different memes on "
                + split
                + "; the ensemble averages the "
                + a.ids().size()
                + " memes all "
                + seeds
                + " seeds scored.");
      }
      double threshold =
          rule == ThresholdRule.FIXED_05 ? 0.5 : holdoutThreshold(row, split, fallback);
      BinaryMetrics m = BinaryMetrics.at(a.proba(), a.labels(), threshold);
      Map<Metric, Double> values = new EnumMap<>(Metric.class);
      for (Metric metric : List.of(Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.F1)) {
        values.put(metric, m.value(metric));
      }
      Aurocs au = aurocs.computeIfAbsent(row.trialIds() + "|" + split, k -> aurocs(a));
      if (au != null) {
        values.put(Metric.AUROC, au.estimate());
      }
      out.add(
          new EnsembleRow(
              row,
              a.ids().size(),
              threshold,
              values,
              au == null ? null : au.interval(),
              au == null ? null : au.gain()));
    }
    if (!single.isEmpty()) {
      notes.add(
          String.join(", ", single)
              + (single.size() == 1 ? " has" : " have")
              + " one seed: no seed-ensemble row (it would equal the model's own row).");
    }
    if (!fallback.isEmpty()) {
      notes.add(
          "No predictions on the train hold-out are stored for "
              + String.join(", ", fallback)
              + ": each ensemble's train_holdout threshold is the mean of its seeds' thresholds.");
    }
    return new SeedEnsembles(out, notes);
  }

  /** AUROC, its interval and the gain over the seeds; null when a class is missing. */
  private Aurocs aurocs(Averaged a) {
    OptionalDouble auroc = Auroc.of(a.proba(), a.labels());
    if (auroc.isEmpty()) {
      return null;
    }
    double[] ensemble = new double[a.proba().length];
    for (int i = 0; i < ensemble.length; i++) {
      ensemble[i] = a.proba()[i];
    }
    // the interval and the gain from the same resamples: one pass instead of two
    Bootstrap.Comparison c =
        bootstrap.compare(a.labels(), List.of(ensemble), a.seeds(), Statistic.auroc());
    return new Aurocs(auroc.getAsDouble(), c.a(), c.difference());
  }

  private record Aurocs(double estimate, Interval interval, PairedDifference gain) {}

  /**
   * The train_holdout threshold of the ensemble: best F1 on its averaged hold-out probabilities,
   * else (no hold-out predictions stored) the mean of the seeds' own thresholds as float32.
   */
  private double holdoutThreshold(ModelRow row, String split, List<String> fallback) {
    Optional<Averaged> h = averaged(row.trialIds(), holdoutSplit);
    if (h.isPresent() && h.get().labeled() && h.get().hasPositive()) {
      return ThresholdSelection.bestF1(h.get().proba(), h.get().labels()).threshold();
    }
    double sum = 0;
    int n = 0;
    for (TrialMetricView m : metrics) {
      if (row.trialIds().contains(m.trialId())
          && m.split().equals(split)
          && m.thresholdRule().equals(ThresholdRule.TRAIN_HOLDOUT.dbName())) {
        sum += m.threshold();
        n++;
      }
    }
    fallback.add(row.model());
    return (float) (sum / n);
  }

  private Optional<Averaged> averaged(List<Long> trialIds, String split) {
    return averaged.computeIfAbsent(
        trialIds + "|" + split,
        k -> {
          List<List<PredictionRow>> perSeed = new ArrayList<>();
          for (long trial : trialIds) {
            List<PredictionRow> rows = predictions.ofTrial(trial, split);
            if (rows.isEmpty()) {
              return Optional.empty();
            }
            perSeed.add(rows);
          }
          return Optional.of(Averaged.of(perSeed));
        });
  }

  /**
   * The seeds' probabilities on one split, over the memes every seed scored, in meme-id order.
   *
   * @param proba per meme the float32 mean over the seeds
   * @param seeds per seed its probabilities, aligned with {@code ids}
   * @param sameMemes false when some seed scored a meme another did not
   */
  record Averaged(
      List<String> ids,
      int[] labels,
      boolean labeled,
      float[] proba,
      List<double[]> seeds,
      boolean sameMemes) {

    static Averaged of(List<List<PredictionRow>> perSeed) {
      List<Map<String, PredictionRow>> byId = new ArrayList<>();
      for (List<PredictionRow> rows : perSeed) {
        Map<String, PredictionRow> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.memeId(), r));
        byId.add(m);
      }
      Set<String> common = new LinkedHashSet<>(byId.get(0).keySet());
      byId.forEach(m -> common.retainAll(m.keySet()));
      boolean same = byId.stream().allMatch(m -> m.size() == common.size());
      List<String> ids = common.stream().sorted().toList();
      int n = ids.size();
      int[] labels = new int[n];
      boolean labeled = n > 0;
      float[] proba = new float[n];
      List<double[]> seeds = new ArrayList<>();
      byId.forEach(m -> seeds.add(new double[n]));
      for (int i = 0; i < n; i++) {
        Integer label = byId.get(0).get(ids.get(i)).label();
        labeled &= label != null;
        labels[i] = label == null ? 0 : label;
        // float32 values sum exactly in double; one rounding back to float32
        double sum = 0;
        for (int s = 0; s < byId.size(); s++) {
          float p = byId.get(s).get(ids.get(i)).proba();
          seeds.get(s)[i] = p;
          sum += p;
        }
        proba[i] = (float) (sum / byId.size());
      }
      return new Averaged(ids, labels, labeled, proba, seeds, same);
    }

    boolean hasPositive() {
      for (int l : labels) {
        if (l == 1) {
          return true;
        }
      }
      return false;
    }
  }
}
