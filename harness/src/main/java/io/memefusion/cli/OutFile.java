package io.memefusion.cli;

import io.memefusion.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Checks an {@code --out FILE} before anything is written: the extension its content needs, and a
 * folder that exists (a typo in the path must not create folders, least of all at the root).
 */
final class OutFile {
  private OutFile() {}

  /**
   * {@code file} if its name ends with one of {@code extensions} (any case) and its folder exists;
   * else a {@link UserException} saying what {@code writer} writes.
   */
  static Path check(Path file, String writer, List<String> extensions) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (extensions.stream()
        .noneMatch(e -> lower.endsWith("." + e) && lower.length() > e.length() + 1)) {
      String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
      throw new UserException(
          "--out "
              + file
              + ": "
              + writer
              + " writes a ."
              + extensions.get(0)
              + " file (e.g. "
              + file.resolveSibling((stem.isEmpty() ? "out" : stem) + "." + extensions.get(0))
              + ")");
    }
    return inExistingFolder(file);
  }

  /** {@code file} if its folder exists and it is not itself a folder. */
  static Path inExistingFolder(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UserException(
          "cannot write "
              + file
              + ": folder "
              + parent
              + (Files.exists(parent) ? " is not a folder" : " does not exist"));
    }
    if (Files.isDirectory(file)) {
      throw new UserException("cannot write " + file + ": it is a folder");
    }
    return file;
  }
}
