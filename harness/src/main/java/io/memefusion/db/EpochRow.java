package io.memefusion.db;

/** A row of {@code epoch_metric}: one epoch of one trial, written as it happens. */
public record EpochRow(
    long trialId, int epoch, double trainLoss, Double devLoss, Double devAuroc) {}
