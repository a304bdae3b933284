package io.memefusion.sweep;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.db.MetricRow;
import io.memefusion.db.PredictionRow;
import io.memefusion.eval.Auroc;
import io.memefusion.eval.BinaryMetrics;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.eval.ThresholdSelection;
import io.memefusion.heads.LabeledFeatures;
import io.memefusion.heads.TrainedHead;
import io.memefusion.heads.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Scores a trained trial once with its chosen checkpoint: dev, the train hold-out, test and the
 * extra splits. The train_holdout threshold is the best-F1 threshold on the hold-out; labeled
 * splits get metrics under both rules, every split gets its predictions.
 */
final class TrialScorer {
  private TrialScorer() {}

  static TrialOutcome score(Claim claim, TrainingResult result, StudyData.View view, int group) {
    long start = System.nanoTime();
    TrainedHead head = result.head();
    float[] holdout = head.predictProba(view.holdout());
    double threshold = ThresholdSelection.bestF1(holdout, view.holdout().labels()).threshold();
    List<MetricRow> metrics = new ArrayList<>();
    List<PredictionRow> predictions = new ArrayList<>();
    for (LabeledFeatures split : view.scored()) {
      float[] proba = split == view.holdout() ? holdout : head.predictProba(split);
      int[] labels = split.labels();
      for (int i = 0; i < proba.length; i++) {
        predictions.add(
            new PredictionRow(
                claim.trialId(),
                split.split(),
                split.ids().get(i),
                labels == null ? null : labels[i],
                proba[i]));
      }
      if (labels == null || split.rows() == 0) {
        continue; // unlabeled: predictions only
      }
      OptionalDouble auroc = Auroc.of(proba, labels);
      for (ThresholdRule rule : ThresholdRule.values()) {
        double t = rule == ThresholdRule.FIXED_05 ? 0.5 : threshold;
        BinaryMetrics m = BinaryMetrics.at(proba, labels, t);
        metrics.add(
            new MetricRow(
                claim.trialId(),
                split.split(),
                rule.dbName(),
                t,
                m.n(),
                m.accuracy(),
                m.precision(),
                m.recall(),
                m.f1(),
                auroc.isPresent() ? auroc.getAsDouble() : null));
      }
    }
    ObjectNode timings = JsonNodeFactory.instance.objectNode();
    timings.put("train_s", result.trainTime().toNanos() / 1e9);
    timings.put("score_s", (System.nanoTime() - start) / 1e9);
    timings.put("epochs_run", result.epochs().size());
    timings.put("group_size", group);
    return new TrialOutcome(result.bestEpoch(), metrics, predictions, timings);
  }
}
