package io.memefusion.cli;

import io.memefusion.config.Home;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home}: the folder holding data, models, caches and the embedded database. */
public final class HomeOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = "${env:MEMEFUSION_HOME:-${sys:user.home}/.memefusion}",
      description =
          "Home folder for data, models, caches and the embedded database"
              + " (env MEMEFUSION_HOME; default: ${DEFAULT-VALUE}).")
  Path home;

  public Home home() {
    return new Home(home);
  }
}
