package io.memefusion.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates one jsonl split file for {@link DatasetLoader} (which documents the policy):
 * fatal problems throw a {@link UserException} naming file, line and id; counted ones go to {@link
 * #warnings}.
 */
final class SplitReader {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Path root;
  private final Path realRoot;
  private final String fileName;
  private final Map<Path, Path> realParents = new HashMap<>();
  final List<LoadReport.Warning> warnings = new ArrayList<>();

  SplitReader(Path root, Path realRoot, String fileName) {
    this.root = root;
    this.realRoot = realRoot;
    this.fileName = fileName;
  }

  Split read(String name, SplitRole role) {
    Path file = root.resolve(fileName);
    if (!Files.isRegularFile(file)) {
      // a FIFO would block the read forever, a device could be endless: never open one
      throw new UserException(
          fileName
              + " is not a regular file"
              + (Files.exists(file) ? " (a FIFO, device or socket)" : " (a dangling link)")
              + ": replace it by the split file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Meme> memes = new ArrayList<>();
    Map<String, Integer> lineOfId = new HashMap<>();
    List<String> emptyText = new ArrayList<>();
    Boolean labeled = null;
    int firstLine = 0;
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int start = 0;
    int lineNo = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      lineNo++;
      int from = start;
      int to = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      start = end + 1;
      if (lineNo == 1
          && to - from >= 3
          && (bytes[from] & 0xff) == 0xEF
          && (bytes[from + 1] & 0xff) == 0xBB
          && (bytes[from + 2] & 0xff) == 0xBF) {
        from += 3; // byte-order mark
      }
      String line = decode(utf8, bytes, from, to, lineNo);
      if (line.isBlank()) {
        continue;
      }
      Meme meme = parse(line, lineNo);
      if (labeled == null) {
        labeled = meme.labeled();
        firstLine = lineNo;
      } else if (labeled != meme.labeled()) {
        throw fail(
            lineNo,
            meme.id(),
            (meme.labeled() ? "has a label, but line " : "has no label, but line ")
                + firstLine
                + (labeled ? " has one" : " has none")
                + " (a split is labeled on every line or on none)");
      }
      Integer seen = lineOfId.putIfAbsent(meme.id(), lineNo);
      if (seen != null) {
        throw fail(lineNo, meme.id(), "duplicate id (first on line " + seen + ")");
      }
      if (meme.text().isBlank()) {
        emptyText.add(meme.id());
      }
      memes.add(meme);
    }
    if (!emptyText.isEmpty()) {
      warnings.add(
          new LoadReport.Warning(
              fileName,
              emptyText.size() == 1 ? "meme with empty text" : "memes with empty text",
              emptyText.size(),
              emptyText.subList(0, Math.min(DatasetLoader.FIRST_IDS, emptyText.size()))));
    }
    return new Split(name, role, file, sha256(bytes), memes);
  }

  private String decode(CharsetDecoder utf8, byte[] bytes, int from, int to, int lineNo) {
    ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
    try {
      return utf8.reset().decode(in).toString();
    } catch (CharacterCodingException e) {
      int column = in.position() - from + 1;
      // decode leniently once more, only to name the meme in the message
      String lenient = new String(bytes, from, to - from, StandardCharsets.UTF_8);
      String id = null;
      try {
        JsonNode node = JSON.readTree(lenient);
        id = node != null && node.path("id").isValueNode() ? node.path("id").asText() : null;
      } catch (JsonProcessingException ignored) {
        // the line is broken in more ways than one; the UTF-8 error is reported first
      }
      throw fail(
          lineNo,
          id,
          String.format(
              "invalid UTF-8 at byte %d of the line (0x%02X); save the file as UTF-8",
              column, bytes[in.position()] & 0xff));
    }
  }

  private Meme parse(String line, int lineNo) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw fail(
          lineNo, null, "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      throw fail(lineNo, null, "expected a JSON object {\"id\", \"img\", \"label\", \"text\"}");
    }
    JsonNode idNode = node.get("id");
    if (idNode == null || idNode.isNull()) {
      throw fail(lineNo, null, "missing \"id\"");
    }
    if (!idNode.isTextual() && !idNode.isIntegralNumber()) {
      throw fail(lineNo, null, "\"id\" must be a string or an integer, got " + idNode);
    }
    String id = idNode.asText().strip();
    if (id.isEmpty()) {
      throw fail(lineNo, null, "empty \"id\"");
    }
    checkId(id, lineNo);
    String text = requireString(node, "text", lineNo, id);
    String img = requireString(node, "img", lineNo, id);
    checkImage(img, lineNo, id);
    JsonNode labelNode = node.get("label");
    Integer label = null;
    if (labelNode != null && !labelNode.isNull()) {
      if (!labelNode.isIntegralNumber() || (labelNode.asLong() != 0 && labelNode.asLong() != 1)) {
        throw fail(lineNo, id, "label must be 0 or 1, got " + labelNode);
      }
      label = labelNode.asInt();
    }
    return new Meme(id, img, label, text);
  }

  /**
   * Rejects ids the results database cannot store or that would garble a table: control characters
   * (PostgreSQL text cannot hold NUL) and lone UTF-16 surrogates (no UTF-8 encoding exists).
   */
  private void checkId(String id, int lineNo) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      String what = null;
      if (Character.isISOControl(c)) {
        what = "the control character";
      } else if (Character.isHighSurrogate(c)
          && i + 1 < id.length()
          && Character.isLowSurrogate(id.charAt(i + 1))) {
        i++; // a pair: one character outside the BMP (an emoji)
      } else if (Character.isSurrogate(c)) {
        what = "a lone UTF-16 surrogate";
      }
      if (what != null) {
        throw fail(
            lineNo,
            escaped(id),
            String.format(
                java.util.Locale.ROOT,
                "id contains %s U+%04X, which the results database cannot store",
                what,
                (int) c));
      }
    }
  }

  /** {@code "a\u0000b"}: the id quoted, control characters and lone surrogates escaped. */
  private static String escaped(String id) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < id.length()
              && Character.isLowSurrogate(id.charAt(i + 1));
      if (pair) {
        out.append(c).append(id.charAt(++i));
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private String requireString(JsonNode node, String key, int lineNo, String id) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw fail(lineNo, id, "missing \"" + key + "\"");
    }
    if (!value.isTextual()) {
      throw fail(lineNo, id, "\"" + key + "\" must be a string, got " + value);
    }
    return value.asText();
  }

  /** Rejects an img that is absolute, climbs out of the folder, or links outside it. */
  private void checkImage(String img, int lineNo, String id) {
    if (img.isBlank()) {
      throw fail(lineNo, id, "empty \"img\"");
    }
    Path relative;
    try {
      relative = Path.of(img);
    } catch (InvalidPathException e) {
      throw fail(lineNo, id, "img " + quote(img) + " is not a valid path");
    }
    if (relative.isAbsolute()
        || img.startsWith("/")
        || img.startsWith("\\")
        || img.matches("^[A-Za-z]:.*")) {
      throw fail(lineNo, id, "img " + quote(img) + " must be a path relative to the data folder");
    }
    Path resolved = root.resolve(relative).normalize();
    if (!resolved.startsWith(root) || resolved.equals(root)) {
      throw fail(lineNo, id, "img " + quote(img) + " points outside the data folder");
    }
    // a link (the file or a folder above it) may lead elsewhere: check where it really goes
    Path real;
    try {
      Path parent = resolved.getParent();
      Path realParent = realParents.get(parent);
      if (realParent == null && Files.exists(parent)) {
        realParent = parent.toRealPath();
        realParents.put(parent, realParent);
      }
      if (realParent == null) {
        return; // nothing there yet: the audit reports the image as missing
      }
      if (!Files.isSymbolicLink(resolved)) {
        real = realParent.resolve(resolved.getFileName());
      } else if (Files.exists(resolved)) {
        real = resolved.toRealPath();
      } else { // a dangling link: judge where it would lead
        real = realParent.resolve(Files.readSymbolicLink(resolved)).normalize();
      }
    } catch (IOException e) {
      throw fail(lineNo, id, "cannot resolve img " + quote(img) + ": " + e.getMessage());
    }
    if (!real.startsWith(realRoot)) {
      throw fail(
          lineNo, id, "img " + quote(img) + " is a link to " + real + ", outside the data folder");
    }
  }

  private UserException fail(int lineNo, String id, String what) {
    return new UserException(
        fileName + ":" + lineNo + ": " + (id == null ? "" : "id " + id + ": ") + what);
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
