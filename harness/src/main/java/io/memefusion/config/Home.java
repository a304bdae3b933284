package io.memefusion.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The one folder that holds everything a user has: datasets, installed SavedModels, the feature
 * cache and the embedded database.
 */
public record Home(Path root) {
  public Home {
    Objects.requireNonNull(root, "home folder");
    root = root.toAbsolutePath().normalize();
  }

  /** Downloaded and generated datasets, one folder each. */
  public Path data() {
    return root.resolve("data");
  }

  /** Installed SavedModels, one folder per model id. */
  public Path models() {
    return root.resolve("models");
  }

  /** Cached feature matrices. */
  public Path cache() {
    return root.resolve("cache");
  }

  /** The embedded PostgreSQL's data directory. */
  public Path database() {
    return root.resolve("pgdata");
  }
}
