package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.FeatureSetRef;
import io.memefusion.features.SplitFeatures;
import io.memefusion.features.WeightsKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * @param sets the stored feature sets these are (fixed with a sweep when it starts); empty for
 *     features built in memory
 */
public record StudyFeatures(
    Map<String, FeatureMatrix> text,
    Map<String, FeatureMatrix> image,
    String key,
    JsonNode description,
    List<String> notes,
    List<FeatureSetRef> sets) {
  /** Features built in memory (not stored sets). */
  public StudyFeatures(
      Map<String, FeatureMatrix> text,
      Map<String, FeatureMatrix> image,
      String key,
      JsonNode description,
      List<String> notes) {
    this(text, image, key, description, notes, List.of());
  }

  /**
   * The features of an embedded dataset. The key covers each encoder's model id, model hash, output
   * size and preprocessing (the dataset's content is checked separately); the notes say which
   * encoders are not pretrained.
   */
  public static StudyFeatures of(EmbeddedDataset embedded) {
    Map<String, FeatureMatrix> text = new LinkedHashMap<>();
    Map<String, FeatureMatrix> image =
        embedded.imageEncoder() == null ? null : new LinkedHashMap<>();
    for (SplitFeatures s : embedded.splits()) {
      if (s.text() != null) {
        text.put(s.split(), s.text());
      }
      if (image != null && s.image() != null) {
        image.put(s.split(), s.image());
      }
    }
    ObjectNode description = JsonNodeFactory.instance.objectNode();
    StringBuilder identity = new StringBuilder();
    List<String> notes = new ArrayList<>();
    for (EncoderInfo e : new EncoderInfo[] {embedded.textEncoder(), embedded.imageEncoder()}) {
      if (e == null) {
        continue;
      }
      String modality = e.modality().name().toLowerCase(Locale.ROOT);
      ObjectNode d = description.putObject(modality);
      d.put("model_id", e.modelId())
          .put("model_hash", e.modelHash())
          .put("dim", e.dim())
          .put("pretrained", e.pretrained())
          .put("weights", e.weights().label())
          .put("note", e.note())
          // what sweep work opens again: the manifest id, or the folder of an ad-hoc model
          .put("source", e.modelId().startsWith("dir-") ? e.dir().toString() : e.modelId());
      ObjectNode pre = d.putObject("preprocessing");
      e.preprocessing().forEach(pre::put);
      identity
          .append(modality)
          .append('=')
          .append(e.modelId())
          .append('@')
          .append(e.modelHash())
          .append('/')
          .append(e.dim())
          .append(e.preprocessing())
          .append('\n');
      if (e.weights() == WeightsKind.IMPORTED) {
        notes.add(
            "The "
                + modality
                + " encoder "
                + e.modelId()
                + " has imported weights ("
                + e.note().replaceFirst("^imported weights \\(", "").replaceFirst("\\):.*$", "")
                + "), not a published pretrained release.");
      } else if (!e.pretrained()) {
        notes.add(
            "The "
                + modality
                + " encoder "
                + e.modelId()
                + " has random weights (not pretrained): its "
                + modality
                + " results are not those of a pretrained model.");
      } else if (!e.note().isEmpty()) {
        notes.add(e.modelId() + ": " + e.note());
      }
    }
    return new StudyFeatures(
        text, image, sha256(identity.toString()), description, notes, embedded.sets());
  }

  /**
   * The same features with the encoder names the user gave ({@code --text-model}, a model id or
   * folder) kept in the description, so that {@code sweep work} can open the same encoders.
   */
  public StudyFeatures withSources(String textSource, String imageSource) {
    ObjectNode d =
        description.deepCopy() instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    if (textSource != null && d.has("text")) {
      ((ObjectNode) d.get("text")).put("source", textSource);
    }
    if (imageSource != null && d.has("image")) {
      ((ObjectNode) d.get("image")).put("source", imageSource);
    }
    return new StudyFeatures(text, image, key, d, notes, sets);
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public StudyFeatures {
    text = Map.copyOf(text);
    image = image == null ? null : Map.copyOf(image);
    Objects.requireNonNull(key, "features key");
    description = description == null ? JsonNodeFactory.instance.objectNode() : description;
    notes = List.copyOf(notes);
    sets = List.copyOf(sets);
  }
}
