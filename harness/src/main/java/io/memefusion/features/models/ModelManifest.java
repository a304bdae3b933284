package io.memefusion.features.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.features.Modality;
import io.memefusion.features.WeightsKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The models the harness knows: {@code savedmodels/manifest.json}, read from the classpath. */
public record ModelManifest(List<ModelEntry> entries) {
  public static final String RESOURCE = "savedmodels/manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ModelManifest {
    entries = List.copyOf(entries);
    if (entries.stream().map(ModelEntry::id).distinct().count() != entries.size()) {
      throw new IllegalArgumentException("manifest has duplicate model ids");
    }
  }

  /** The manifest shipped on the classpath. */
  public static ModelManifest builtin() {
    try (InputStream in = ModelManifest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return parse(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public Optional<ModelEntry> find(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  public static ModelManifest parse(JsonNode root) {
    List<ModelEntry> entries = new ArrayList<>();
    for (JsonNode m : root.path("models")) {
      entries.add(entry(m));
    }
    return new ModelManifest(entries);
  }

  /** One entry; also used to read the copy written next to an installed model. */
  public static ModelEntry entry(JsonNode m) {
    String id = m.path("id").asText(null);
    try {
      return new ModelEntry(
          id,
          Modality.valueOf(m.path("modality").asText("").toUpperCase(Locale.ROOT)),
          m.path("description").asText(""),
          source(m.path("source")),
          strings(m.path("signature").path("inputs")),
          strings(m.path("signature").path("outputs")),
          m.path("output_dim").asInt(),
          m.path("preprocessing"),
          WeightsKind.of(m.path("weights").asText("pretrained")),
          m.path("license").asText(""),
          m.path("note").asText(""),
          m);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("manifest entry " + id + ": " + e.getMessage(), e);
    }
  }

  private static ModelSource source(JsonNode s) {
    String type = s.path("type").asText("");
    return switch (type) {
      case "maven" ->
          ModelSource.Maven.of(
              s.path("coordinate").asText(),
              s.path("repository").asText(null),
              s.path("entry").asText(null),
              s.path("size").asLong(0),
              s.path("sha1").asText(null));
      case "url" ->
          new ModelSource.Url(
              s.path("url").asText(null),
              s.path("archive").asText(null),
              s.path("page").asText(null));
      case "builtin" ->
          new ModelSource.Builtin(
              s.path("depth").asInt(18),
              s.path("width").asInt(64),
              s.path("image_size").asInt(224),
              s.path("seed").asLong(1));
      case "hub" ->
          new ModelSource.Hub(
              s.path("repo").asText(null),
              s.path("revision").asText(null),
              s.path("file").asText(null),
              s.path("size").asLong(0),
              s.path("sha256").asText(null),
              s.path("arch").asText(null),
              extras(s.get("extras")));
      case "import" ->
          new ModelSource.Imported(
              s.path("arch").asText(null),
              s.path("file").asText(null),
              s.path("sha256").asText(null));
      default -> throw new IllegalArgumentException("unknown source type '" + type + "'");
    };
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> m = new LinkedHashMap<>();
    obj.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  /** A Hub source's {@code extras}: {"config": "config.json", ...}. */
  private static java.util.Map<String, String> extras(JsonNode n) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    if (n != null && n.isObject()) {
      n.properties().forEach(f -> m.put(f.getKey(), f.getValue().asText()));
    }
    return m;
  }
}
