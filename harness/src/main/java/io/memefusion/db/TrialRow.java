package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A row of {@code trial}: one model × configuration × seed of a sweep. {@code attempts} counts
 * claims; a worker owns a running trial only under the attempt it claimed it with.
 */
public record TrialRow(
    long id,
    long sweepId,
    int ordinal,
    String model,
    String configKey,
    JsonNode hyperparams,
    int seed,
    String status,
    String worker,
    int attempts,
    Instant claimedAt,
    Instant heartbeatAt,
    Instant finishedAt,
    Integer bestEpoch,
    String error,
    JsonNode timings,
    String workerHost,
    Long workerPid,
    Instant workerStarted) {}
