package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.db.MetricRow;
import io.memefusion.db.PredictionRow;
import java.util.List;
import java.util.Objects;

/**
 * What a finished trial records in one transaction: the chosen epoch, metrics per split and
 * threshold rule, per-meme predictions, and timings ({@code {"train_s": .., "score_s": ..}}).
 */
public record TrialOutcome(
    Integer bestEpoch, List<MetricRow> metrics, List<PredictionRow> predictions, JsonNode timings) {
  public TrialOutcome {
    metrics = List.copyOf(metrics);
    predictions = List.copyOf(predictions);
    Objects.requireNonNull(timings, "timings");
  }

  /** Throws unless every row belongs to {@code trialId}. */
  void checkTrial(long trialId) {
    for (MetricRow m : metrics) {
      if (m.trialId() != trialId) {
        throw new IllegalArgumentException(
            "metric row of trial " + m.trialId() + " in the outcome of trial " + trialId);
      }
    }
    for (PredictionRow p : predictions) {
      if (p.trialId() != trialId) {
        throw new IllegalArgumentException(
            "prediction of trial " + p.trialId() + " in the outcome of trial " + trialId);
      }
    }
  }
}
