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
    subcommands = {ModelsCommand.List.class, ModelsCommand.Install.class})
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
            e.pretrained() ? "pretrained" : "random",
            installer.installed(e) ? "yes" : "no",
            e.source().describe());
      }
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

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ModelEntry e =
          ModelManifest.builtin()
              .find(id)
              .orElseThrow(
                  () ->
                      new UserException(
                          "unknown model '" + id + "': see `memefusion models list`"));
      ModelInstaller installer = models.installer(home.home());
      if (installer.installed(e) && !force) {
        out.println(e.id() + " is already installed in " + installer.dir(e) + " (--force to redo)");
        return 0;
      }
      long t0 = System.nanoTime();
      Path dir =
          installer.install(
              e, repositoryUrl, force, TerminalProgress.on(spec.commandLine().getErr()));
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
}
