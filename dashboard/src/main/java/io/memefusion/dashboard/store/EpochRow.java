package io.memefusion.dashboard.store;

/** Losses and dev AUROC after one epoch of a trial; dev values are null when no dev split. */
public record EpochRow(int epoch, double trainLoss, Double devLoss, Double devAuroc) {}
