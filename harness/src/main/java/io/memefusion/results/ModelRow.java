package io.memefusion.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.eval.Metric;
import java.util.List;
import java.util.Map;

/**
 * One row of a results table: a model with the configuration chosen on dev AUROC (mean over seeds),
 * and its metrics on one split as mean ± std over the seeds of that configuration.
 */
public record ModelRow(
    String model,
    String configKey,
    JsonNode hyperparams,
    List<Long> trialIds,
    Map<Metric, MeanStd> metrics) {
  public ModelRow {
    trialIds = List.copyOf(trialIds);
    metrics = Map.copyOf(metrics);
  }
}
