package io.memefusion.features;

import java.util.List;
import java.util.Objects;

/**
 * Frozen features of one split for one modality: row {@code i} ({@code values[i*dim .. (i+1)*dim)})
 * belongs to meme {@code ids.get(i)}. Row-major float32, [rows, dim].
 */
public record FeatureMatrix(List<String> ids, int dim, float[] values) {
  public FeatureMatrix {
    ids = List.copyOf(ids);
    Objects.requireNonNull(values, "values");
    if (dim <= 0) {
      throw new IllegalArgumentException("feature dim must be positive, got " + dim);
    }
    if ((long) ids.size() * dim != values.length) {
      throw new IllegalArgumentException(
          "feature matrix of "
              + ids.size()
              + " rows x "
              + dim
              + " needs "
              + (long) ids.size() * dim
              + " values, got "
              + values.length);
    }
  }

  public int rows() {
    return ids.size();
  }
}
