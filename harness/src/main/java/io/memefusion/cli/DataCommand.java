package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.data.DataAudit;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.DemoDataset;
import io.memefusion.data.HubClient;
import io.memefusion.data.ImageCheck;
import io.memefusion.data.LoadedDataset;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memefusion data ...}: get, check and synthesise datasets. */
@Command(
    name = "data",
    header = "Datasets: fetch Hateful Memes, audit a folder, make a demo.",
    description = "Datasets: download Hateful Memes, audit a data folder, make a synthetic demo.",
    subcommands = {DataCommand.Fetch.class, DataCommand.Audit.class, DataCommand.Demo.class})
public final class DataCommand {

  @Command(
      name = "fetch",
      description = "Download a Hugging Face dataset repo (parallel, resumable, checksummed).")
  static final class Fetch implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec CommandSpec spec;

    @Option(
        names = "--repo",
        defaultValue = "neuralcatcher/hateful_memes",
        description = "Dataset repo on the Hub (default: ${DEFAULT-VALUE}).")
    String repo;

    @Option(
        names = "--revision",
        defaultValue = "main",
        description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Where to put the files (default: <home>/data/hateful_memes).")
    Path out;

    @Option(
        names = "--endpoint",
        paramLabel = "URL",
        defaultValue = "${env:HF_ENDPOINT:-https://huggingface.co}",
        description = "Hub endpoint (env HF_ENDPOINT; default: ${DEFAULT-VALUE}).")
    URI endpoint;

    @Option(
        names = "--jobs",
        defaultValue = "8",
        description = "Parallel downloads (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(
        names = "--token",
        defaultValue = "${env:HF_TOKEN}",
        description = "Hub access token for gated repos (env HF_TOKEN).")
    String token;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path dir = this.out != null ? this.out : home.home().data().resolve("hateful_memes");
      HubClient.Config config;
      try {
        config = HubClient.Config.defaults(endpoint, token, jobs);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      HubClient.Summary summary =
          new HubClient(config).download(repo, revision, dir, TerminalProgress.on(err));
      out.println(summary.line());
      for (String failure : summary.failures()) {
        out.println("  failed: " + failure);
      }
      if (!summary.failures().isEmpty()) {
        out.println("run the same command again to resume; complete files are kept");
        return 1;
      }
      out.println("next: memefusion data audit --data " + dir);
      return 0;
    }
  }

  @Command(
      name = "audit",
      description =
          "Check a data folder: splits, labels, balance, and every image (exit 0: usable).")
  static final class Audit implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Mixin DataOptions data;
    @Spec CommandSpec spec;

    @Option(
        names = "--jobs",
        defaultValue = "8",
        description = "Threads checking images (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(
        names = "--show",
        defaultValue = "10",
        paramLabel = "N",
        description = "Ids listed per problem (default: ${DEFAULT-VALUE}).")
    int show;

    @Option(
        names = "--strict",
        description = "Exit 1 also when any image is missing or unreadable.")
    boolean strict;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (jobs < 1) {
        throw new UserException("--jobs must be at least 1, got " + jobs);
      }
      if (show < 1) {
        throw new UserException("--show must be at least 1, got " + show);
      }
      LoadedDataset loaded = DatasetLoader.read(data.dir(home.home()), data.layout());
      DataAudit.Report report =
          DataAudit.run(
              loaded,
              ImageCheck.defaults(),
              jobs,
              TerminalProgress.on(spec.commandLine().getErr()));
      report.print(out, show);
      if (!report.usable()) {
        return 1;
      }
      if (strict && report.badImages() > 0) {
        out.println("strict: " + report.badImages() + " memes without a readable image");
        return 1;
      }
      return 0;
    }
  }

  @Command(
      name = "demo",
      description = "Write a deterministic synthetic dataset in the Hateful Memes layout.")
  static final class Demo implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec CommandSpec spec;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Folder to write (default: <home>/data/demo).")
    Path out;

    @Option(
        names = "--n",
        defaultValue = "1000",
        description = "Number of memes, split 60/20/20 (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description =
            "Random seed; the same seed gives identical files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--image-size",
        paramLabel = "PX",
        defaultValue = "320",
        description =
            "Typical image side; sides vary from 0.8 to 1.25 times it (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(
        names = "--jobs",
        description = "Threads drawing images (default: the number of processors).")
    Integer jobs;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      DemoDataset.Config config;
      try {
        config = new DemoDataset.Config(n, seed, imageSize);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      Path dir = this.out != null ? this.out : home.home().data().resolve("demo");
      int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
      DemoDataset.Plan plan =
          DemoDataset.write(dir, config, threads, TerminalProgress.on(spec.commandLine().getErr()));
      out.printf(
          Locale.ROOT,
          "demo dataset: %d memes in %s%n",
          plan.memes().size(),
          dir.toAbsolutePath().normalize());
      for (String split : List.of("train", "dev_seen", "test_seen")) {
        List<DemoDataset.DemoMeme> memes = plan.split(split);
        long hateful = memes.stream().filter(m -> m.label() == 1).count();
        out.printf(
            Locale.ROOT,
            "  %-9s %5d memes, %5.1f%% hateful%n",
            split,
            memes.size(),
            100.0 * hateful / memes.size());
      }
      out.println("next: memefusion data audit --data " + dir);
      return 0;
    }
  }
}
