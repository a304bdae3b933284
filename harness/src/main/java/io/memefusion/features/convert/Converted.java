package io.memefusion.features.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.features.Modality;
import java.util.Map;
import java.util.Objects;

/**
 * What a conversion produced: the modality, the serving signature (as manifest strings, e.g. {@code
 * images: "float [-1,224,224,3]"}), the output size and the preprocessing to declare (the
 * manifest's {@code preprocessing} object).
 */
public record Converted(
    Modality modality,
    Map<String, String> inputs,
    Map<String, String> outputs,
    int outputDim,
    ObjectNode preprocessing,
    String description) {
  public Converted {
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(preprocessing, "preprocessing");
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
    if (outputDim <= 0) {
      throw new IllegalArgumentException("output size must be positive, got " + outputDim);
    }
  }
}
