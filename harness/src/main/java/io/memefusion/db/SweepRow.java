package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A row of {@code sweep}. {@code spec} is the full sweep spec; {@code context} what the sweep ran
 * on (dataset, encoders, which split is dev/test, row counts, notes). Status is one of queued,
 * running, done, failed.
 */
public record SweepRow(
    long id,
    String name,
    Long datasetId,
    JsonNode spec,
    JsonNode context,
    String status,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
