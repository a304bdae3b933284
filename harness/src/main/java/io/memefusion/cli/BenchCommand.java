package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.bench.ExtractionBenchmark;
import io.memefusion.features.tf.EncoderOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memefusion bench ...}: measure this machine. */
@Command(
    name = "bench",
    header = "Benchmarks to measure your own hardware.",
    description = "Benchmarks to measure your own hardware.",
    subcommands = {BenchCommand.Extraction.class, BenchSweepCommand.class})
public final class BenchCommand {

  @Command(
      name = "extraction",
      description =
          "Feature extraction: naive (one item per session run) vs the pipeline, texts/s and"
              + " images/s, fp32 and bf16, and the matmul roofline. Last line: speedup text=<x>"
              + " image=<y> useful_text=<fraction>.")
  static final class Extraction implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Mixin ModelOptions models;
    @Spec CommandSpec spec;

    @Option(
        names = "--memes",
        defaultValue = "240",
        description = "Synthetic memes whose images are timed (default: ${DEFAULT-VALUE}).")
    int memes;

    @Option(
        names = "--texts",
        defaultValue = "1200",
        description =
            "Synthetic captions timed, as long as real ones (default: ${DEFAULT-VALUE}; a real"
                + " dataset has thousands, and length-sorted batches pad less the more there are).")
    int texts;

    @Option(
        names = "--naive-texts",
        defaultValue = "60",
        paramLabel = "N",
        description = "Texts timed the naive way, ~0.15 s each (default: ${DEFAULT-VALUE}).")
    int naiveTexts;

    @Option(
        names = "--naive-images",
        defaultValue = "60",
        paramLabel = "N",
        description = "Images timed the naive way (default: ${DEFAULT-VALUE}).")
    int naiveImages;

    @Option(
        names = "--image-size",
        defaultValue = "600",
        paramLabel = "PX",
        description = "Typical image side; sides vary 0.8-1.25x (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(
        names = "--text-model",
        paramLabel = "ID|DIR",
        description =
            "Text model (default: bert-base-uncased if installed, else a random graph of its size).")
    String textModel;

    @Option(
        names = "--image-model",
        paramLabel = "ID|DIR",
        defaultValue = "resnet18-random",
        description = "Image model (default: ${DEFAULT-VALUE}).")
    String imageModel;

    @Option(
        names = "--threads",
        paramLabel = "N",
        description = "CPU threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--no-bf16", description = "Skip the bf16 runs.")
    boolean noBf16;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      ExtractionBenchmark.Settings settings;
      try {
        ExtractionBenchmark.Settings d = ExtractionBenchmark.Settings.defaults(cores);
        settings =
            new ExtractionBenchmark.Settings(
                memes,
                texts,
                naiveTexts,
                naiveImages,
                imageSize,
                cores,
                d.textBatch(),
                d.imageBatch(),
                !noBf16,
                textModel,
                imageModel,
                d.seed(),
                d.matmulSize());
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      Path work;
      try {
        work = Files.createTempDirectory("memefusion-bench");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        new ExtractionBenchmark(
                settings,
                models.registry(home.home(), EncoderOptions.defaults(cores)),
                work,
                out,
                TerminalProgress.on(spec.commandLine().getErr()))
            .run();
      } finally {
        deleteTree(work);
      }
      return 0;
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder: best effort
    }
  }
}
