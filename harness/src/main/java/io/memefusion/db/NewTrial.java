package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;

/** A trial to insert when a sweep is created. */
public record NewTrial(
    int ordinal, String model, String configKey, JsonNode hyperparams, int seed) {}
