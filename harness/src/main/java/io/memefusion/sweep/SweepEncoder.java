package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One frozen encoder as a sweep recorded it in {@code sweep.context.features} (see {@code
 * StudyFeatures}). Fields an older sweep did not record are null ({@code modelId}, {@code
 * modelHash}, {@code dim}, {@code source}); {@code pretrained} defaults to true and {@code weights}
 * to "pretrained", as those sweeps only ran pretrained or explicitly random encoders.
 *
 * @param modality "text" or "image" (or the position of the entry in an older array form)
 * @param weights where the weights come from ("pretrained", "random", "imported")
 * @param preprocessing every setting that changes the numbers, as recorded
 * @param source what {@code sweep work} opens again: a manifest id or a model folder
 */
public record SweepEncoder(
    String modality,
    String modelId,
    String modelHash,
    Integer dim,
    boolean pretrained,
    String weights,
    String note,
    Map<String, String> preprocessing,
    String source) {

  public SweepEncoder {
    Objects.requireNonNull(modality, "encoder modality");
    Objects.requireNonNull(weights, "weights of encoder " + modality);
    note = note == null ? "" : note;
    preprocessing = Collections.unmodifiableMap(new LinkedHashMap<>(preprocessing));
  }

  /** The encoders of a {@code features} node: an object keyed by modality, or an older array. */
  static List<SweepEncoder> listOf(JsonNode features) {
    List<SweepEncoder> out = new ArrayList<>();
    if (features == null) {
      return out;
    }
    if (features.isObject()) {
      features.properties().forEach(e -> out.add(of(e.getKey(), e.getValue())));
    } else if (features.isArray()) {
      for (int i = 0; i < features.size(); i++) {
        JsonNode v = features.get(i);
        out.add(of(v.path("modality").asText(String.valueOf(i)), v));
      }
    }
    return out;
  }

  private static SweepEncoder of(String modality, JsonNode v) {
    Map<String, String> pre = new LinkedHashMap<>();
    v.path("preprocessing").properties().forEach(p -> pre.put(p.getKey(), p.getValue().asText()));
    return new SweepEncoder(
        modality,
        text(v.path("model_id")),
        v.path("model_hash").isValueNode() ? v.path("model_hash").asText() : null,
        v.path("dim").isNumber() ? v.path("dim").asInt() : null,
        v.path("pretrained").asBoolean(true),
        v.path("weights").asText("pretrained"),
        v.path("note").asText(""),
        pre,
        v.path("source").isTextual() ? v.path("source").asText() : null);
  }

  /** A recorded value as text; null when absent (a non-text value as its JSON). */
  private static String text(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  /** Whether both the model id and hash were recorded (what finds its cached feature sets). */
  public boolean identified() {
    return modelId != null && modelHash != null;
  }
}
