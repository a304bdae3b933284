package io.memefusion.cli;

import io.memefusion.config.Home;
import io.memefusion.data.HubClient;
import io.memefusion.features.EncoderOptions;
import io.memefusion.features.EncoderRegistry;
import io.memefusion.features.convert.Architectures;
import io.memefusion.features.models.ModelHasher;
import io.memefusion.features.models.ModelInstaller;
import io.memefusion.features.models.ModelManifest;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where models come from: {@code --maven-local} (an already downloaded model jar), {@code
 * --hub-endpoint} and {@code --token} (Hugging Face Hub weights).
 */
public final class ModelOptions {
  @Option(
      names = "--maven-local",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.m2/repository",
      description =
          "Local Maven repository searched for model jars before downloading"
              + " (default: ${DEFAULT-VALUE}).")
  Path mavenLocal;

  @Option(
      names = "--hub-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:HF_ENDPOINT:-https://huggingface.co}",
      description =
          "Hugging Face Hub for model weights (env HF_ENDPOINT; default: ${DEFAULT-VALUE}).")
  URI hubEndpoint;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:HF_TOKEN}",
      description = "Hub access token for gated model repos (env HF_TOKEN).")
  String token;

  public ModelInstaller installer(Home home) {
    return new ModelInstaller(
        home.models(),
        mavenLocal,
        HubClient.Config.defaults(hubEndpoint, token, 1),
        Architectures.standard());
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
