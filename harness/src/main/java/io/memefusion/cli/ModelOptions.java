package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.config.Home;
import io.memefusion.data.HubClient;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.models.Architectures;
import io.memefusion.features.models.HubWeights;
import io.memefusion.features.models.ModelHasher;
import io.memefusion.features.models.ModelInstaller;
import io.memefusion.features.models.ModelManifest;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.progress.Progress;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
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
      names = "--model-cache",
      paramLabel = "DIR",
      description =
          "Per-user store of downloaded model weights, shared by every home and checked by hash"
              + " before each use (default: $XDG_CACHE_HOME/memefusion/models, else"
              + " ~/.cache/memefusion/models).")
  Path modelCache;

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
        modelCache(),
        HubClient.Config.defaults(hubEndpoint, token, 1),
        Architectures.standard());
  }

  /** {@code --model-cache}, else the XDG cache folder's {@code memefusion/models}. */
  Path modelCache() {
    if (modelCache != null) {
      return modelCache;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("memefusion").resolve("models");
  }

  /**
   * Installs a model of the manifest that is not installed yet (so that one command works on a
   * fresh machine); folders and installed models are left alone. A Hub model that cannot be fetched
   * fails with one line naming both ways out.
   */
  public void installIfMissing(Home home, String idOrDir, PrintWriter out, Progress progress) {
    if (idOrDir == null || Files.isDirectory(Path.of(idOrDir))) {
      return;
    }
    ModelInstaller installer = installer(home);
    ModelManifest.builtin()
        .find(idOrDir)
        .filter(e -> !installer.installed(e))
        .ifPresent(
            e -> {
              out.println("  installing " + e.id() + " from " + e.source().describe());
              out.flush();
              try {
                installer.install(e, null, false, progress);
              } catch (HubWeights.DownloadFailed ex) {
                throw new UserException(
                    "cannot fetch "
                        + e.id()
                        + " ("
                        + ex.reason()
                        + "); install it from a copied file with `memefusion models install "
                        + e.id()
                        + " --file PATH`, or use --image-model resnet18-random (random weights)",
                    ex);
              }
            });
  }

  /**
   * The image encoder used when none is named: {@code resnet18} (torchvision's ImageNet weights,
   * installed on first use) on real data; on the offline demo {@code resnet18} if it is installed,
   * else the random-weight {@code resnet18-random}.
   */
  public String defaultImageModel(Home home, boolean demo) {
    if (!demo) {
      return LAB_IMAGE_MODEL;
    }
    ModelInstaller installer = installer(home);
    return ModelManifest.builtin().find(LAB_IMAGE_MODEL).filter(installer::installed).isPresent()
        ? LAB_IMAGE_MODEL
        : OFFLINE_IMAGE_MODEL;
  }

  /** The lab's image encoder. */
  public static final String LAB_IMAGE_MODEL = "resnet18";

  /** The random-weight stand-in the demo uses offline. */
  public static final String OFFLINE_IMAGE_MODEL = "resnet18-random";

  /** The registry over the shipped manifest and the home folder's models. */
  public EncoderRegistry registry(Home home, EncoderOptions options) {
    return new EncoderRegistry(
        ModelManifest.builtin(),
        installer(home),
        new ModelHasher(home.cache().resolve("model-hashes")),
        options);
  }
}
