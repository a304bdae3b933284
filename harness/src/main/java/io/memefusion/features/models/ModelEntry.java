package io.memefusion.features.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.Modality;
import java.util.Map;
import java.util.Objects;

/**
 * One model of {@code savedmodels/manifest.json}: its id, modality, source, the signature it is
 * expected to have (for the user; the encoders read the real one from the SavedModel), output size,
 * preprocessing, license, and whether the weights are pretrained. {@code json} is the entry as
 * written, copied next to an installed model.
 */
public record ModelEntry(
    String id,
    Modality modality,
    String description,
    ModelSource source,
    Map<String, String> inputs,
    Map<String, String> outputs,
    int outputDim,
    JsonNode preprocessing,
    boolean pretrained,
    String license,
    String note,
    JsonNode json) {
  public ModelEntry {
    Objects.requireNonNull(id, "model id");
    if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("model id must be lower-case [a-z0-9._-], got " + id);
    }
    Objects.requireNonNull(modality, "modality of " + id);
    Objects.requireNonNull(source, "source of " + id);
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
    if (outputDim <= 0) {
      throw new IllegalArgumentException(id + ": output_dim must be positive, got " + outputDim);
    }
    description = description == null ? "" : description;
    license = license == null ? "" : license;
    note = note == null ? "" : note;
  }

  /** Image preprocessing from the entry: size, range, optional mean/std. */
  public ImagePreprocessing imagePreprocessing() {
    JsonNode p = preprocessing;
    int size = p.path("size").asInt(224);
    JsonNode range = p.path("range");
    float low = range.isArray() ? (float) range.get(0).asDouble() : 0f;
    float high = range.isArray() ? (float) range.get(1).asDouble() : 1f;
    return new ImagePreprocessing(
        size,
        low,
        high,
        floats(p.get("mean")),
        floats(p.get("std")),
        ImagePreprocessing.Resize.of(p.path("resize").asText("")));
  }

  /** Text preprocessing: lower-case flag, null when the entry leaves it to the vocabulary. */
  public Boolean lowerCase() {
    JsonNode n = preprocessing.get("lower_case");
    return n == null || n.isNull() ? null : n.asBoolean();
  }

  private static float[] floats(JsonNode a) {
    if (a == null || !a.isArray()) {
      return null;
    }
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.get(i).asDouble();
    }
    return f;
  }
}
