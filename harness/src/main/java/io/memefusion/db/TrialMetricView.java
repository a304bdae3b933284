package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;

/** A {@code trial_metric} row joined with its trial: what the result tables are computed from. */
public record TrialMetricView(
    long trialId,
    int ordinal,
    String model,
    String configKey,
    JsonNode hyperparams,
    int seed,
    String split,
    String thresholdRule,
    double threshold,
    int n,
    double accuracy,
    double precision,
    double recall,
    double f1,
    Double auroc) {}
