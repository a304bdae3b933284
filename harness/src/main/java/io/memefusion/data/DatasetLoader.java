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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a Hateful Memes data folder: {@code train.jsonl}, the dev and test splits chosen by {@link
 * LayoutOptions} (detected: {@code dev_seen} else {@code dev}, {@code test_seen} else {@code test})
 * and every other {@code *.jsonl} as an {@link SplitRole#EXTRA} split. Each line is one meme {@code
 * {"id", "img", "label", "text"}}; a split whose lines carry no {@code label} is unlabeled.
 *
 * <p>What happens to bad input, decided per case:
 *
 * <ul>
 *   <li><b>Fatal</b> ({@link UserException}, one line {@code file:line: id N: what}): invalid
 *       UTF-8; malformed JSON (also a duplicate key or text after the object); a line that is not
 *       an object; a missing or empty {@code id}; a missing or non-string {@code text} or {@code
 *       img}; a label other than 0/1; a label on some lines of a split but not on others; a
 *       duplicate id within a split; an {@code img} that is absolute, leaves the folder ({@code
 *       ../x.png}) or is a symbolic link (or under one) whose target lies outside the folder. These
 *       are damaged or hostile files: dropping the line would silently change the benchmark, so the
 *       user fixes or re-downloads the file. (To keep images on another disk, link the whole data
 *       folder, not {@code img/}.)
 *   <li><b>Kept and counted</b> in the {@link LoadReport}: memes with empty (or blank) text, which
 *       exist in real memes that are image-only; ids shared between train, dev and test (a leak).
 *   <li><b>Ignored</b>: blank lines, a UTF-8 byte-order mark, {@code \r\n} line ends, unknown keys.
 *   <li><b>Not checked here</b>: the image files themselves. The loader never opens an image (it
 *       only resolves links to check where they point); {@link DataAudit} classifies them with
 *       {@link ImageCheck}.
 * </ul>
 */
public final class DatasetLoader {
  /** How many ids a warning lists. */
  static final int FIRST_IDS = 5;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DatasetLoader() {}

  /** Loads the dataset in {@code dir}; see {@link #read} for its warnings. */
  public static Dataset load(Path dir, LayoutOptions options) {
    return read(dir, options).dataset();
  }

  /** Loads the dataset in {@code dir} with the counted warnings of loading it. */
  public static LoadedDataset read(Path dir, LayoutOptions options) {
    Path root = dir.toAbsolutePath().normalize();
    Map<String, SplitRole> layout = layout(root, options);
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new UserException("cannot read data folder " + root + ": " + e.getMessage(), e);
    }
    List<Split> splits = new ArrayList<>();
    List<LoadReport.Warning> warnings = new ArrayList<>();
    for (Map.Entry<String, SplitRole> e : layout.entrySet()) {
      SplitReader reader = new SplitReader(root, realRoot, e.getKey() + ".jsonl");
      splits.add(reader.read(e.getKey(), e.getValue()));
      warnings.addAll(reader.warnings);
    }
    Dataset dataset = new Dataset(root.getFileName().toString(), root, splits);
    warnings.addAll(overlaps(dataset));
    return new LoadedDataset(dataset, new LoadReport(warnings));
  }

  /** Split name to role, in the dataset's order: train, dev, test, then extras by name. */
  static Map<String, SplitRole> layout(Path root, LayoutOptions options) {
    if (!Files.isDirectory(root)) {
      throw new UserException(
          "data folder "
              + root
              + " does not exist (download it with `memefusion data fetch`"
              + " or make one with `memefusion data demo --out DIR`)");
    }
    Set<String> present = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(root)) {
      files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jsonl") && !n.startsWith("."))
          .map(n -> n.substring(0, n.length() - ".jsonl".length()))
          .sorted()
          .forEach(present::add);
    } catch (IOException e) {
      throw new UserException("cannot list data folder " + root + ": " + e.getMessage(), e);
    }
    String found =
        present.isEmpty() ? "no .jsonl files" : "splits there: " + String.join(", ", present);
    Map<String, SplitRole> layout = new java.util.LinkedHashMap<>();
    if (!present.contains(options.train())) {
      throw new UserException("no " + options.train() + ".jsonl in " + root + " (" + found + ")");
    }
    layout.put(options.train(), SplitRole.TRAIN);
    pick(layout, present, options.dev(), SplitRole.DEV, List.of("dev_seen", "dev"), root, found);
    pick(
        layout, present, options.test(), SplitRole.TEST, List.of("test_seen", "test"), root, found);
    for (String name : present) {
      layout.putIfAbsent(name, SplitRole.EXTRA);
    }
    return layout;
  }

  private static void pick(
      Map<String, SplitRole> layout,
      Set<String> present,
      String chosen,
      SplitRole role,
      List<String> candidates,
      Path root,
      String found) {
    String roleName = role.dbName();
    if (LayoutOptions.NONE.equals(chosen)) {
      return;
    }
    if (chosen != null) {
      if (!present.contains(chosen)) {
        throw new UserException(
            "no " + roleName + " split " + chosen + ".jsonl in " + root + " (" + found + ")");
      }
      if (layout.containsKey(chosen)) {
        throw new UserException(
            "split "
                + chosen
                + " cannot be both "
                + layout.get(chosen).dbName()
                + " and "
                + roleName);
      }
      layout.put(chosen, role);
      return;
    }
    candidates.stream()
        .filter(c -> present.contains(c) && !layout.containsKey(c))
        .findFirst()
        .ifPresent(c -> layout.put(c, role));
  }

  /** Ids shared by train, dev and test: kept, but a leak the user should hear about. */
  private static List<LoadReport.Warning> overlaps(Dataset dataset) {
    List<LoadReport.Warning> warnings = new ArrayList<>();
    List<Split> used = dataset.splits().stream().filter(s -> s.role() != SplitRole.EXTRA).toList();
    for (int i = 0; i < used.size(); i++) {
      Set<String> ids = new java.util.HashSet<>();
      used.get(i).memes().forEach(m -> ids.add(m.id()));
      for (int j = i + 1; j < used.size(); j++) {
        List<String> shared =
            used.get(j).memes().stream().map(Meme::id).filter(ids::contains).toList();
        if (!shared.isEmpty()) {
          warnings.add(
              new LoadReport.Warning(
                  used.get(j).file().getFileName().toString(),
                  "ids also in " + used.get(i).file().getFileName() + " (train/dev/test overlap)",
                  shared.size(),
                  shared.subList(0, Math.min(FIRST_IDS, shared.size()))));
        }
      }
    }
    return warnings;
  }

  /** Reads and validates one split file; fatal problems throw, counted ones go to warnings. */
  private static final class SplitReader {
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
                emptyText.subList(0, Math.min(FIRST_IDS, emptyText.size()))));
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
            lineNo,
            null,
            "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
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
            lineNo,
            id,
            "img " + quote(img) + " is a link to " + real + ", outside the data folder");
      }
    }

    private UserException fail(int lineNo, String id, String what) {
      return new UserException(
          fileName + ":" + lineNo + ": " + (id == null ? "" : "id " + id + ": ") + what);
    }
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
