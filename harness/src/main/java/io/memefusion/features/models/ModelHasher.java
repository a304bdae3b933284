package io.memefusion.features.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of a model folder's files (relative paths, sizes and contents; our own metadata file
 * excluded). Hashing BERT's 440 MB takes about a second, so the result is remembered in {@code
 * memoDir} together with each file's size and modification time, and recomputed only when one of
 * them changes.
 */
public final class ModelHasher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path memoDir;

  public ModelHasher(Path memoDir) {
    this.memoDir = memoDir;
  }

  public String hash(Path modelDir, Progress progress) {
    Path dir = modelDir.toAbsolutePath().normalize();
    try {
      List<Path> files = files(dir);
      ArrayNode stamps = JSON.createArrayNode();
      long total = 0;
      for (Path f : files) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        stamps
            .addObject()
            .put("path", dir.relativize(f).toString())
            .put("size", a.size())
            .put("mtime", a.lastModifiedTime().toMillis());
        total += a.size();
      }
      Path memo = memoDir.resolve(sha256(dir.toString()).substring(0, 24) + ".json");
      if (Files.isRegularFile(memo)) {
        JsonNode old = JSON.readTree(memo.toFile());
        // compared as text: numbers read back may be ints where longs were written
        if (old.path("files").toString().equals(stamps.toString()) && old.hasNonNull("sha256")) {
          return old.get("sha256").asText();
        }
      }
      progress.start("hash " + dir.getFileName(), total, "bytes");
      MessageDigest all = digest();
      for (Path f : files) {
        all.update(
            (dir.relativize(f) + "\0" + Files.size(f) + "\0").getBytes(StandardCharsets.UTF_8));
        MessageDigest one = digest();
        try (InputStream in =
            new DigestInputStream(Archives.counting(Files.newInputStream(f), progress), one)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        all.update(one.digest());
      }
      String hash = HexFormat.of().formatHex(all.digest());
      progress.done("");
      ObjectNode record = JSON.createObjectNode().put("dir", dir.toString()).put("sha256", hash);
      record.set("files", stamps);
      Files.createDirectories(memoDir);
      Path tmp = Files.createTempFile(memoDir, "hash", ".tmp");
      JSON.writeValue(tmp.toFile(), record);
      Files.move(tmp, memo, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return hash;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash the model files in " + dir, e);
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(ModelInstaller.METADATA))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  private static String sha256(String s) {
    return HexFormat.of().formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
