package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.features.models.ModelEntry;
import io.memefusion.features.models.ModelInstaller;
import io.memefusion.features.models.ModelManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memefusion models ...}: the SavedModels of savedmodels/manifest.json. */
@Command(
    name = "models",
    header = "SavedModel encoders: list the known ones, install one.",
    description = "SavedModel encoders: list the known ones, install one into the home folder.",
    subcommands = {
      ModelsCommand.List.class,
      ModelsCommand.Install.class,
      ModelsCommand.Import.class
    })
public final class ModelsCommand {

  @Command(name = "list", description = "Show the known models and whether they are installed.")
  static final class List implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Mixin ModelOptions models;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ModelInstaller installer = models.installer(home.home());
      out.printf(
          Locale.ROOT,
          "%-22s %-6s %5s  %-10s %-9s %s%n",
          "ID",
          "KIND",
          "DIM",
          "WEIGHTS",
          "INSTALLED",
          "SOURCE");
      for (ModelEntry e : ModelManifest.builtin().entries()) {
        out.printf(
            Locale.ROOT,
            "%-22s %-6s %5d  %-10s %-9s %s%n",
            e.id(),
            e.modality().dbName(),
            e.outputDim(),
            e.weights().label(),
            installer.installed(e) ? "yes" : "no",
            e.source().describe());
      }
      imported(installer, home)
          .forEach(
              e ->
                  out.printf(
                      Locale.ROOT,
                      "%-22s %-6s %5d  %-10s %-9s %s%n",
                      e.id(),
                      e.modality().dbName(),
                      e.outputDim(),
                      e.weights().label(),
                      "yes",
                      e.source().describe()));
      out.println("models folder: " + home.home().models());
      out.println(
          "install one: memefusion models install ID;"
              + " any command taking a model also takes a SavedModel folder");
      return 0;
    }
  }

  @Command(
      name = "install",
      description = "Download (or build) a model, check its integrity and unpack it.")
  static final class Install implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Mixin ModelOptions models;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Model id from `memefusion models list`.")
    String id;

    @Option(
        names = "--repository-url",
        paramLabel = "URL",
        description = "Maven repository to download from instead of the manifest's.")
    String repositoryUrl;

    @Option(names = "--force", description = "Install again even if already installed.")
    boolean force;

    @Option(
        names = "--file",
        paramLabel = "PATH",
        description =
            "Install a Hub model from its weights file copied by hand (offline machines);"
                + " checked against the pinned size and SHA-256 like a download.")
    Path file;

    @Override
    public Integer call() {
      ModelManifest manifest = ModelManifest.builtin();
      if (manifest.find(id).isEmpty()
          && manifest.find(id + "-image").isPresent()
          && manifest.find(id + "-text").isPresent()) {
        // a two-tower checkpoint (CLIP): both models, from one download
        for (String part : java.util.List.of(id + "-image", id + "-text")) {
          int code = install(manifest.find(part).orElseThrow());
          if (code != 0) {
            return code;
          }
        }
        return 0;
      }
      return install(
          manifest
              .find(id)
              .orElseThrow(
                  () ->
                      new UserException(
                          "unknown model '" + id + "': see `memefusion models list`")));
    }

    private int install(ModelEntry e) {
      PrintWriter out = spec.commandLine().getOut();
      ModelInstaller installer = models.installer(home.home());
      if (installer.installed(e) && !force) {
        out.println(e.id() + " is already installed in " + installer.dir(e) + " (--force to redo)");
        return 0;
      }
      long t0 = System.nanoTime();
      var progress = TerminalProgress.on(spec.commandLine().getErr());
      Path dir =
          file != null
              ? installer.installFromFile(e, file, force, progress)
              : installer.install(e, repositoryUrl, force, progress);
      out.printf(
          Locale.ROOT,
          "installed %s in %s (%.1f s)%n",
          e.id(),
          dir,
          (System.nanoTime() - t0) / 1e9);
      if (!e.pretrained()) {
        out.println("note: " + e.note());
      }
      return 0;
    }
  }

  /** Models in the home folder that are not in the manifest (imported ones). */
  static java.util.List<ModelEntry> imported(ModelInstaller installer, HomeOptions home) {
    java.util.List<ModelEntry> found = new java.util.ArrayList<>();
    Path dir = home.home().models();
    if (!java.nio.file.Files.isDirectory(dir)) {
      return found;
    }
    try (var s = java.nio.file.Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(id -> ModelManifest.builtin().find(id).isEmpty())
          .sorted()
          .forEach(id -> installer.installedEntry(id).ifPresent(found::add));
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException("cannot list " + dir, ex);
    }
    return found;
  }

  @Command(
      name = "import",
      description =
          "Convert a checkpoint you bring (e.g. a torchvision ResNet state dict as .safetensors,"
              + " fine-tuned elsewhere) into a SavedModel usable as --image-model NAME.")
  static final class Import implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Mixin ModelOptions models;
    @Spec CommandSpec spec;

    @Option(
        names = "--arch",
        required = true,
        paramLabel = "ARCH",
        description = "Architecture: ${COMPLETION-CANDIDATES}.",
        completionCandidates = ArchNames.class)
    String arch;

    @Option(
        names = "--weights",
        required = true,
        paramLabel = "PATH",
        description = "The checkpoint (.safetensors; classifier fc.* tensors are ignored).")
    Path weights;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "NAME",
        description = "Model id to give it (lower-case [a-z0-9._-]).")
    String id;

    @Option(names = "--force", description = "Replace a model already imported under NAME.")
    boolean force;

    @Option(
        names = "--config",
        paramLabel = "PATH",
        description = "The model's config.json (--arch clip: sizes are read from it).")
    Path config;

    @Option(
        names = "--tokenizer",
        paramLabel = "PATH",
        description = "The model's tokenizer.json (--arch clip: also registers NAME-text).")
    Path tokenizer;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ModelInstaller installer = models.installer(home.home());
      var architecture = installer.architectures().get(arch);
      java.util.Map<String, Path> extras = new java.util.LinkedHashMap<>();
      if (config != null) {
        extras.put("config", config);
      }
      if (tokenizer != null) {
        extras.put("tokenizer", tokenizer);
      }
      for (String name : extras.keySet()) {
        if (architecture.parts(io.memefusion.features.convert.ImportFiles.of(weights)).stream()
                .noneMatch(p -> p.getValue().extraFiles().contains(name))
            && !architecture.extraFiles().contains(name)) {
          throw new UserException("--" + name + " is not used by --arch " + arch);
        }
        if (!java.nio.file.Files.isRegularFile(extras.get(name))) {
          throw new UserException("no such file: --" + name + " " + extras.get(name));
        }
      }
      var files = new io.memefusion.features.convert.ImportFiles(weights, extras);
      for (var part : architecture.parts(files)) {
        String partId = id + part.getKey();
        var a = part.getValue();
        long t0 = System.nanoTime();
        Path dir =
            installer.importModel(
                partId, a, files, force, TerminalProgress.on(spec.commandLine().getErr()));
        out.printf(
            Locale.ROOT,
            "imported %s as %s (%s) in %s (%.1f s); its weights are reported as \"imported\"%n",
            weights,
            partId,
            a.description(),
            dir,
            (System.nanoTime() - t0) / 1e9);
        String modality =
            installer.installedEntry(partId).map(e -> e.modality().dbName()).orElse("image");
        out.println("use it: --" + modality + "-model " + partId);
      }
      return 0;
    }
  }

  /** The architecture names, for help and completion. */
  static final class ArchNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return io.memefusion.features.models.Architectures.standard().names().iterator();
    }
  }
}
