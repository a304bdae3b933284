package io.memefusion.data;

import io.memefusion.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new UserException(
          "data folder "
              + root
              + " is a file, not a folder (pass the folder that holds "
              + options.train()
              + ".jsonl)");
    }
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
          // FIFOs and devices too: reading one is refused by name, not silently skipped
          .filter(p -> !Files.isDirectory(p))
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
                  (shared.size() == 1 ? "meme whose id is" : "memes whose ids are")
                      + " also in "
                      + used.get(i).file().getFileName()
                      + " (train/dev/test overlap)",
                  shared.size(),
                  shared.subList(0, Math.min(FIRST_IDS, shared.size()))));
        }
      }
    }
    return warnings;
  }
}
