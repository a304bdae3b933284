package io.memefusion.cli;

import io.memefusion.config.Home;
import io.memefusion.db.Database;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --home} and {@code --db}: where the PostgreSQL store is. */
public final class DbOptions {
  @Mixin HomeOptions homeOptions;

  @Option(
      names = "--db",
      paramLabel = "URL",
      defaultValue = "${env:MEMEFUSION_DB}",
      description =
          "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/memefusion?user=mf"
              + "&password=mf (env MEMEFUSION_DB). Default: the embedded PostgreSQL in the home folder.")
  String url;

  public Home home() {
    return homeOptions.home();
  }

  /** Opens the store named by {@code --db}, or the home folder's embedded one. */
  public Database open() {
    return url == null || url.isBlank()
        ? Database.embedded(home().database())
        : Database.connect(url);
  }
}
