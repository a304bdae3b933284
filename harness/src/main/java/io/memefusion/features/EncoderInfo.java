package io.memefusion.features;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What identifies an encoder's features: the model (id, folder, hash of its files), the output
 * size, where its weights come from (pretrained, random, imported), and every preprocessing setting
 * that changes the numbers (sorted, so that it serialises the same way each time). {@code note} is
 * shown with results, e.g. "random weights: ...".
 */
public record EncoderInfo(
    String modelId,
    Modality modality,
    Path dir,
    String modelHash,
    int dim,
    WeightsKind weights,
    String note,
    Map<String, String> preprocessing) {
  public EncoderInfo {
    Objects.requireNonNull(weights, "weights of " + modelId);
    Objects.requireNonNull(modelId, "model id");
    Objects.requireNonNull(modality, "modality of " + modelId);
    Objects.requireNonNull(dir, "folder of " + modelId);
    Objects.requireNonNull(modelHash, "hash of " + modelId);
    if (dim <= 0) {
      throw new IllegalArgumentException(modelId + ": output size must be positive, got " + dim);
    }
    note = note == null ? "" : note;
    preprocessing = Collections.unmodifiableMap(new TreeMap<>(preprocessing));
  }

  /** {@code pretrained}: pretrained (true) or random (false) weights. */
  public EncoderInfo(
      String modelId,
      Modality modality,
      Path dir,
      String modelHash,
      int dim,
      boolean pretrained,
      String note,
      Map<String, String> preprocessing) {
    this(
        modelId,
        modality,
        dir,
        modelHash,
        dim,
        pretrained ? WeightsKind.PRETRAINED : WeightsKind.RANDOM,
        note,
        preprocessing);
  }

  /** Learned weights (pretrained or imported), not a random initialisation. */
  public boolean pretrained() {
    return weights != WeightsKind.RANDOM;
  }

  /**
   * e.g. {@code resnet18-random (512-d, random weights)}, {@code r18x (512-d, imported weights)}.
   */
  public String describe() {
    return modelId
        + " ("
        + dim
        + "-d, "
        + (weights == WeightsKind.PRETRAINED ? "pretrained" : weights.label() + " weights")
        + ")";
  }
}
