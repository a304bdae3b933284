package io.memefusion.features.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.db.FeatureSetDao;
import io.memefusion.db.FeatureSetRow;
import io.memefusion.db.FeatureStoreDao;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.FeatureSetRef;
import io.memefusion.features.Modality;
import io.memefusion.features.SkippedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Feature matrices stored once per database and cached as {@link FeatureFile}s in a local folder.
 * The key hashes everything the numbers depend on: modality, model id, the hash of the model's
 * files, the preprocessing settings, the split's name and the hash of its content.
 *
 * <p>The database holds each set's bytes ({@code feature_chunk}, checked against {@code
 * feature_set.file_sha256}), so workers on other machines load a set instead of extracting it.
 * Extraction runs under a PostgreSQL advisory lock on the key: the first worker that needs a set
 * extracts and stores it, the others wait and load it. A worker that dies while extracting releases
 * the lock with its connection; a damaged stored set is recomputed by the next worker holding it.
 */
public final class FeatureCache {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Bytes per {@code feature_chunk} row. */
  static final int CHUNK = 1 << 20;

  /** First half of the advisory lock key: "memefeat" locks, apart from any other application's. */
  static final int LOCK_CLASS = 0x6d656d66;

  private final Path dir;
  private final Jdbi jdbi;
  private final String worker;

  public FeatureCache(Path dir, Jdbi jdbi) {
    this.dir = dir.toAbsolutePath().normalize();
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.worker = workerName();
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

  /**
   * A matrix from the cache or just computed, with the images that run skipped and the stored set
   * it is. {@code computed}: extracted now rather than loaded.
   */
  public record Hit(
      FeatureMatrix matrix,
      List<SkippedImage> skipped,
      double seconds,
      FeatureSetRef ref,
      boolean computed) {}

  /** A freshly extracted matrix. */
  public record Computed(FeatureMatrix matrix, List<SkippedImage> skipped, double seconds) {}

  /** The outcome of looking a key up: a hit, or why there is none. */
  private record Lookup(Hit hit, boolean damaged) {}

  /**
   * The matrix of {@code key}: the local file, else the database copy, else (holding the key's
   * lock, so that one worker of the database extracts it) computed by {@code compute} and stored.
   */
  public Hit obtain(Key key, Consumer<String> warn, Supplier<Computed> compute) {
    String k = key.value();
    String what = key.encoder().modality().dbName() + " features of split " + key.split();
    Lookup first = lookup(k, warn);
    if (first.hit() != null) {
      return first.hit();
    }
    return locked(
        k,
        what,
        warn,
        () -> {
          Lookup again = lookup(k, s -> {});
          if (again.hit() != null) {
            return again.hit(); // another worker stored it while this one waited
          }
          Computed c = compute.get();
          FeatureSetRef ref =
              store(key, c, first.damaged() || again.damaged() ? "damaged" : "missing");
          return new Hit(c.matrix(), c.skipped(), c.seconds(), ref, true);
        });
  }

  /**
   * A stored set by its cache key, for a worker that cannot compute it: waits while another worker
   * holds the key's lock (extracting it), then loads it. Empty when it is not stored or damaged.
   */
  public Optional<Hit> loadStored(String cacheKey, String what, Consumer<String> warn) {
    Lookup first = lookup(cacheKey, warn);
    if (first.hit() != null) {
      return Optional.of(first.hit());
    }
    return Optional.ofNullable(locked(cacheKey, what, warn, () -> lookup(cacheKey, s -> {}).hit()));
  }

  /** The cached matrix of {@code key} if stored and intact, without waiting or computing. */
  public Optional<Hit> load(Key key, Consumer<String> warn) {
    return Optional.ofNullable(lookup(key.value(), warn).hit());
  }

  public Path dir() {
    return dir;
  }

  /** Runs {@code body} holding the advisory lock of cache key {@code k}. */
  private <T> T locked(String k, String what, Consumer<String> warn, Supplier<T> body) {
    int id = lockId(k);
    try (Handle h = jdbi.open()) {
      // extraction may take long: no socket timeout on the connection that waits for it
      h.getConnection().setNetworkTimeout(Runnable::run, 0);
      boolean free =
          h.createQuery("SELECT pg_try_advisory_lock(:c, :k)")
              .bind("c", LOCK_CLASS)
              .bind("k", id)
              .mapTo(Boolean.class)
              .one();
      if (!free) {
        warn.accept(
            "waiting for another worker computing the " + what + " (" + k.substring(0, 12) + ")");
        h.createQuery("SELECT true FROM (SELECT pg_advisory_lock(:c, :k)) l")
            .bind("c", LOCK_CLASS)
            .bind("k", id)
            .mapTo(Boolean.class)
            .one();
      }
      try {
        return body.get();
      } finally {
        h.createQuery("SELECT pg_advisory_unlock(:c, :k)")
            .bind("c", LOCK_CLASS)
            .bind("k", id)
            .mapTo(Boolean.class)
            .one();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot lock the feature set " + k, e);
    }
  }

  /** Second half of the advisory lock key of cache key {@code k}. */
  static int lockId(String k) {
    return (int) Long.parseLong(k.substring(0, 8), 16);
  }

  private Lookup lookup(String k, Consumer<String> warn) {
    Optional<FeatureSetRow> found = jdbi.withExtension(FeatureSetDao.class, d -> d.find(k));
    if (found.isEmpty()) {
      return new Lookup(null, false);
    }
    FeatureSetRow row = found.get();
    FeatureStoreDao.Stored stored =
        jdbi.withExtension(FeatureStoreDao.class, d -> d.stored(k)).orElseThrow();
    Path file = localFile(row.modality(), row.modelId(), row.split(), k);
    Optional<FeatureFile.Read> local = readLocal(file, row.fileSha256());
    Path source = file;
    if (local.isEmpty() && stored.storedBytes() == null && !file.toString().equals(row.path())) {
      source = Path.of(row.path()); // recorded before V7, in another cache folder
      local = readLocal(source, row.fileSha256());
    }
    if (local.isPresent()) {
      if (stored.storedBytes() == null) {
        // a set recorded before the database kept copies: share it now
        try {
          storeChunks(stored.id(), Files.readAllBytes(source));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the feature cache file " + source, e);
        }
      }
      return new Lookup(hit(row, local.get().matrix()), false);
    }
    if (stored.storedBytes() == null) {
      warn.accept("cached features " + row.path() + " are gone: recomputing");
      return new Lookup(null, false);
    }
    byte[] bytes = concat(jdbi.withExtension(FeatureStoreDao.class, d -> d.chunks(stored.id())));
    String what = row.modality() + " features of split " + row.split();
    try {
      if (bytes.length != stored.storedBytes()
          || !FeatureFile.sha256Hex(bytes).equals(row.fileSha256())) {
        warn.accept(
            "stored "
                + what
                + " are damaged (checksum differs from the recorded SHA-256, "
                + k.substring(0, 12)
                + "): recomputing");
        return new Lookup(null, true);
      }
      FeatureFile.Read read = FeatureFile.read(bytes, "stored " + what);
      FeatureFile.writeBytes(file, bytes);
      return new Lookup(hit(row, read.matrix()), false);
    } catch (FeatureFile.DamagedException e) {
      warn.accept(e.getMessage() + " (" + k.substring(0, 12) + "): recomputing");
      return new Lookup(null, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the feature cache file " + file, e);
    }
  }

  private static Optional<FeatureFile.Read> readLocal(Path file, String sha) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      FeatureFile.Read read = FeatureFile.read(file);
      // a local copy that differs from the database's is a stale cache: the database wins
      return read.sha256().equals(sha) ? Optional.of(read) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Hit hit(FeatureSetRow row, FeatureMatrix matrix) {
    return new Hit(
        matrix,
        skipped(row.skipped()),
        row.seconds() == null ? 0 : row.seconds(),
        new FeatureSetRef(
            Modality.valueOf(row.modality().toUpperCase(Locale.ROOT)),
            row.split(),
            row.cacheKey(),
            row.splitHash(),
            row.fileSha256(),
            row.rows()),
        false);
  }

  /** Writes the local file, then records the set and its bytes in one transaction. */
  private FeatureSetRef store(Key key, Computed c, String reason) {
    String k = key.value();
    EncoderInfo e = key.encoder();
    Path file = localFile(e.modality().dbName(), e.modelId(), key.split(), k);
    try {
      String sha = FeatureFile.write(file, c.matrix());
      byte[] bytes = Files.readAllBytes(file);
      FeatureSetRow row =
          new FeatureSetRow(
              null,
              k,
              e.modality().dbName(),
              e.modelId(),
              e.modelHash(),
              preprocessingJson(e),
              key.split(),
              key.splitHash(),
              c.matrix().rows(),
              c.matrix().dim(),
              file.toString(),
              sha,
              c.seconds(),
              skippedJson(c.skipped()),
              e.pretrained());
      jdbi.useTransaction(
          h -> {
            h.attach(FeatureSetDao.class).upsert(row);
            FeatureStoreDao d = h.attach(FeatureStoreDao.class);
            writeChunks(d, d.stored(k).orElseThrow().id(), bytes);
            d.logExtraction(k, reason, worker, c.seconds());
          });
      return new FeatureSetRef(
          e.modality(), key.split(), k, key.splitHash(), sha, c.matrix().rows());
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the feature cache file " + file, ex);
    }
  }

  private void storeChunks(long id, byte[] bytes) {
    jdbi.useTransaction(h -> writeChunks(h.attach(FeatureStoreDao.class), id, bytes));
  }

  private static void writeChunks(FeatureStoreDao d, long id, byte[] bytes) {
    d.deleteChunks(id);
    int n = (bytes.length + CHUNK - 1) / CHUNK;
    List<Integer> index = IntStream.range(0, n).boxed().toList();
    List<byte[]> data =
        index.stream()
            .map(i -> Arrays.copyOfRange(bytes, i * CHUNK, Math.min(bytes.length, (i + 1) * CHUNK)))
            .toList();
    if (n > 0) {
      d.insertChunks(id, index, data);
    }
    d.setStoredBytes(id, bytes.length);
  }

  private static byte[] concat(List<byte[]> chunks) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(chunks.stream().mapToInt(c -> c.length).sum());
    chunks.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private Path localFile(String modality, String modelId, String split, String k) {
    return dir.resolve(modality)
        .resolve(safe(modelId))
        .resolve(safe(split) + "-" + k.substring(0, 16) + ".mff");
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

  private static String workerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown-host";
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  /** A file-name-safe version of an id. */
  private static String safe(String s) {
    String cleaned = s.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.isEmpty() || cleaned.startsWith(".") ? "_" + cleaned : cleaned;
  }
}
