package io.memefusion.dashboard.store;

/** One epoch of one seed's trial of a configuration: its losses and dev AUROC. */
public record SeedEpochRow(
    long trialId,
    int seed,
    String status,
    Integer bestEpoch,
    int epoch,
    double trainLoss,
    Double devLoss,
    Double devAuroc) {}
