package io.memefusion.dashboard.store;

/** A trial's final metrics on one split under one threshold rule ({@code trial_metric}). */
public record MetricRow(
    String split,
    String thresholdRule,
    double threshold,
    int n,
    double accuracy,
    double precision,
    double recall,
    double f1,
    Double auroc) {}
