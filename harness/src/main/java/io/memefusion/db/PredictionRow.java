package io.memefusion.db;

/** A row of {@code prediction}: the probability of hateful for one meme; label null if unknown. */
public record PredictionRow(
    long trialId, String split, String memeId, Integer label, float proba) {}
