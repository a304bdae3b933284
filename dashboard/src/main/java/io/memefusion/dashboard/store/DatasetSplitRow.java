package io.memefusion.dashboard.store;

/** One split file of a sweep's dataset, with the folder it lives in. */
public record DatasetSplitRow(
    String root, String split, String role, String fileName, int rows, boolean labeled) {}
