package io.memefusion.features.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.Modality;
import io.memefusion.features.WeightsKind;
import java.util.Map;
import java.util.Objects;

/**
 * One model of {@code savedmodels/manifest.json}: its id, modality, source, the signature it is
 * expected to have (for the user; the encoders read the real one from the SavedModel), output size,
 * preprocessing, license, and where the weights come from (pretrained, random, imported). {@code
 * json} is the entry as written, copied next to an installed model.
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
    WeightsKind weights,
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
    Objects.requireNonNull(weights, "weights of " + id);
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
    if (outputDim <= 0) {
      throw new IllegalArgumentException(id + ": output_dim must be positive, got " + outputDim);
    }
    description = description == null ? "" : description;
    license = license == null ? "" : license;
    note = note == null ? "" : note;
  }

  /** Learned weights (pretrained or imported), not a random initialisation. */
  public boolean pretrained() {
    return weights != WeightsKind.RANDOM;
  }

  /**
   * Image preprocessing from the entry: size (the crop), optional {@code resize} (shorter side
   * first, torchvision's eval transform), range, optional mean/std.
   */
  public ImagePreprocessing imagePreprocessing() {
    return ImagePreprocessing.fromJson(preprocessing);
  }

  /** Text preprocessing: lower-case flag, null when the entry leaves it to the vocabulary. */
  public Boolean lowerCase() {
    JsonNode n = preprocessing.get("lower_case");
    return n == null || n.isNull() ? null : n.asBoolean();
  }
}
