package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.memefusion.features.FeatureMatrix;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The frozen features a sweep trains on, by split name, with their identity.
 *
 * @param text text features by split
 * @param image image features by split; null for a sweep without images. A meme missing from a
 *     split's matrix has no usable image.
 * @param key identity of the features (encoders and cache keys): a worker joining a sweep must have
 *     the same
 * @param description the encoders as recorded in {@code sweep.context.features}
 * @param notes lines every result table must show (e.g. "image encoder has random weights")
 */
public record StudyFeatures(
    Map<String, FeatureMatrix> text,
    Map<String, FeatureMatrix> image,
    String key,
    JsonNode description,
    List<String> notes) {
  public StudyFeatures {
    text = Map.copyOf(text);
    image = image == null ? null : Map.copyOf(image);
    Objects.requireNonNull(key, "features key");
    description = description == null ? JsonNodeFactory.instance.objectNode() : description;
    notes = List.copyOf(notes);
  }
}
