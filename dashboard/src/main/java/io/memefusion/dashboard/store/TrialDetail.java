package io.memefusion.dashboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/** One trial as stored: a model, a configuration and a seed of a sweep. */
public record TrialDetail(
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
    Instant finishedAt,
    Integer bestEpoch,
    String error,
    JsonNode timings) {
  public TrialDetail {
    Objects.requireNonNull(model, "model of trial " + id);
    Objects.requireNonNull(hyperparams, "hyperparams of trial " + id);
  }
}
