package io.memefusion.features;

import java.util.Objects;

/**
 * Which stored feature set a matrix is: the cache key it is stored under (see {@code
 * FeatureCache.Key}), the hash of the split content it was computed from, and the SHA-256 of its
 * bytes. A sweep records these when it starts, so that every worker trains on exactly these sets.
 */
public record FeatureSetRef(
    Modality modality, String split, String cacheKey, String splitHash, String sha256, int rows) {
  public FeatureSetRef {
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(cacheKey, "cache key of " + split);
    Objects.requireNonNull(splitHash, "split hash of " + split);
    Objects.requireNonNull(sha256, "sha256 of " + split);
  }

  /** "text features of split dev_seen". */
  public String describe() {
    return modality.dbName() + " features of split " + split;
  }
}
