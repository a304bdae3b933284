package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One row of {@code feature_set}: a cached feature matrix (one encoder applied to one split) and
 * where its file is. {@code skipped}: JSON array of {@code {id, image, reason, detail}}.
 */
public record FeatureSetRow(
    Long id,
    String cacheKey,
    String modality,
    String modelId,
    String modelHash,
    JsonNode preprocessing,
    String split,
    String splitHash,
    int rows,
    int dim,
    String path,
    String fileSha256,
    Double seconds,
    JsonNode skipped,
    Boolean pretrained) {
  public FeatureSetRow {
    Objects.requireNonNull(cacheKey, "cache key");
    Objects.requireNonNull(modality, "modality of " + cacheKey);
    Objects.requireNonNull(path, "path of " + cacheKey);
  }
}
