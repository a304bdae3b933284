package io.memefusion.db;

/**
 * A row of {@code trial_metric}: the chosen checkpoint's metrics on one split under one threshold
 * rule ({@code fixed_0.5} or {@code train_holdout}). {@code auroc} is null when the split has one
 * class only.
 */
public record MetricRow(
    long trialId,
    String split,
    String thresholdRule,
    double threshold,
    int n,
    double accuracy,
    double precision,
    double recall,
    double f1,
    Double auroc) {}
