package io.memefusion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.features.TinyModels;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.models.ModelHasher;
import io.memefusion.features.models.ModelInstaller;
import io.memefusion.features.models.ModelManifest;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.progress.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's program runs end to end on tiny models (a smoke test; nothing is timed). */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ExtractionBenchmarkTest {
  @Test
  void printsEveryPathAndTheMachineReadableLastLine(@TempDir Path dir) {
    StringWriter text = new StringWriter();
    EncoderRegistry registry =
        new EncoderRegistry(
            ModelManifest.builtin(),
            new ModelInstaller(dir.resolve("models"), null),
            new ModelHasher(dir.resolve("hashes")),
            EncoderOptions.defaults(2));
    ExtractionBenchmark.Settings s =
        new ExtractionBenchmark.Settings(
            20,
            30,
            3,
            3,
            96,
            2,
            8,
            4,
            false,
            TinyModels.bertTf1().toString(),
            TinyModels.resnet().toString(),
            1,
            256);
    ExtractionBenchmark.Result r =
        new ExtractionBenchmark(
                s, registry, dir.resolve("work"), new PrintWriter(text, true), Progress.NONE)
            .run();
    String out = text.toString();
    assertThat(out).contains("GFLOP/s", "naive", "pipeline", "texts/s", "images/s");
    String[] lines = out.strip().split("\n");
    assertThat(lines[lines.length - 1])
        .matches("speedup text=\\d+\\.\\d+ image=\\d+\\.\\d+ useful_text=\\d+\\.\\d+");
    assertThat(r.naiveTexts()).isPositive();
    assertThat(r.imageFp32()).isPositive();
    assertThat(Double.isNaN(r.textBf16())).isTrue();
  }

  @Test
  void bertBaseFlopsCountProjectionsFeedForwardAndAttention() {
    // one token: 12 layers x 2 FLOPs x (4 x 768^2 + 2 x 768 x 3072) + 12 x 4 x 768
    assertThat(ExtractionRuns.bertBaseFlops(1))
        .isEqualTo(12 * (2.0 * (4 * 768 * 768 + 2 * 768 * 3072) + 4 * 768));
  }
}
