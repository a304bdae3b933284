package io.memefusion.features.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.db.FeatureSetDao;
import io.memefusion.db.FeatureSetRow;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.SkippedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feature matrices cached as {@link FeatureFile}s under one folder and recorded in {@code
 * feature_set}. The key hashes everything the numbers depend on: modality, model id, the hash of
 * the model's files, the preprocessing settings, the split's name and the hash of its content.
 */
public final class FeatureCache {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final FeatureSetDao dao;

  public FeatureCache(Path dir, FeatureSetDao dao) {
    this.dir = dir.toAbsolutePath().normalize();
    this.dao = Objects.requireNonNull(dao, "feature_set DAO");
  }

  /** What a cached matrix is keyed by. */
  public record Key(EncoderInfo encoder, String split, String splitHash) {
    public Key {
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(split, "split");
      Objects.requireNonNull(splitHash, "split hash");
    }

    /** SHA-256 of a canonical JSON of the key's parts. */
    public String value() {
      ObjectNode n = JSON.createObjectNode();
      n.put("format", FeatureFile.VERSION);
      n.put("modality", encoder.modality().dbName());
      n.put("model_id", encoder.modelId());
      n.put("model_hash", encoder.modelHash());
      n.set("preprocessing", preprocessingJson(encoder));
      n.put("split", split);
      n.put("split_hash", splitHash);
      return HexFormat.of()
          .formatHex(FeatureFile.sha256().digest(n.toString().getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** A matrix found in the cache, with the images that run skipped. */
  public record Hit(FeatureMatrix matrix, List<SkippedImage> skipped, double seconds) {}

  /**
   * The cached matrix of {@code key}, if recorded and intact. A missing or damaged file is reported
   * to {@code warn}, its record dropped, and empty returned so that the caller recomputes.
   */
  public Optional<Hit> load(Key key, Consumer<String> warn) {
    String k = key.value();
    Optional<FeatureSetRow> row = dao.find(k);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Path file = Path.of(row.get().path());
    try {
      FeatureFile.Read read = FeatureFile.read(file);
      if (!read.sha256().equals(row.get().fileSha256())) {
        throw new FeatureFile.DamagedException(file, "content differs from the recorded SHA-256");
      }
      return Optional.of(
          new Hit(read.matrix(), skipped(row.get().skipped()), orZero(row.get().seconds())));
    } catch (NoSuchFileException e) {
      warn.accept("cached features " + file + " are gone: recomputing");
    } catch (IOException e) {
      warn.accept("cached features damaged (" + e.getMessage() + "): recomputing");
    }
    dao.delete(k);
    return Optional.empty();
  }

  /** Writes the matrix file atomically and records it. */
  public void store(Key key, FeatureMatrix matrix, List<SkippedImage> skipped, double seconds) {
    String k = key.value();
    EncoderInfo e = key.encoder();
    Path file =
        dir.resolve(e.modality().dbName())
            .resolve(safe(e.modelId()))
            .resolve(safe(key.split()) + "-" + k.substring(0, 16) + ".mff");
    try {
      String sha = FeatureFile.write(file, matrix);
      dao.upsert(
          new FeatureSetRow(
              null,
              k,
              e.modality().dbName(),
              e.modelId(),
              e.modelHash(),
              preprocessingJson(e),
              key.split(),
              key.splitHash(),
              matrix.rows(),
              matrix.dim(),
              file.toString(),
              sha,
              seconds,
              skippedJson(skipped),
              e.pretrained()));
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the feature cache file " + file, ex);
    }
  }

  public Path dir() {
    return dir;
  }

  static JsonNode preprocessingJson(EncoderInfo e) {
    ObjectNode n = JSON.createObjectNode();
    for (Map.Entry<String, String> entry : e.preprocessing().entrySet()) {
      n.put(entry.getKey(), entry.getValue());
    }
    return n;
  }

  private static JsonNode skippedJson(List<SkippedImage> skipped) {
    ArrayNode a = JSON.createArrayNode();
    for (SkippedImage s : skipped) {
      a.addObject()
          .put("id", s.memeId())
          .put("image", s.image())
          .put("reason", s.reason().name())
          .put("detail", s.detail());
    }
    return a;
  }

  private static List<SkippedImage> skipped(JsonNode json) {
    List<SkippedImage> out = new ArrayList<>();
    if (json != null) {
      for (JsonNode s : json) {
        out.add(
            new SkippedImage(
                s.path("id").asText(),
                s.path("image").asText(),
                SkippedImage.Reason.valueOf(s.path("reason").asText()),
                s.path("detail").asText()));
      }
    }
    return out;
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }

  /** A file-name-safe version of an id. */
  private static String safe(String s) {
    String cleaned = s.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.isEmpty() || cleaned.startsWith(".") ? "_" + cleaned : cleaned;
  }
}
