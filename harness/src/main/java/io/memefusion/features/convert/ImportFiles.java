package io.memefusion.features.convert;

import io.memefusion.UserException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** The files a conversion reads: the weights, and any extra files by name (e.g. config). */
public record ImportFiles(Path weights, Map<String, Path> extras) {
  public ImportFiles {
    Objects.requireNonNull(weights, "weights");
    extras = Map.copyOf(extras);
  }

  public static ImportFiles of(Path weights) {
    return new ImportFiles(weights, Map.of());
  }

  /** The extra file {@code name}; fails naming the option when it was not given. */
  public Path extra(String name) {
    Path p = extras.get(name);
    if (p == null) {
      throw new UserException("--" + name + " PATH is required for this architecture");
    }
    return p;
  }
}
