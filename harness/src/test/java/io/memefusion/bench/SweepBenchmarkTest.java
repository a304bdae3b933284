package io.memefusion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SweepBenchmarkTest {
  @Test
  void smallSweepPrintsProgressAndTheSummaryLineLast() throws Exception {
    StringWriter text = new StringWriter();
    // 16 of the 4 × 24 × 2 trials, in graphs of 4 configurations
    var settings = new SweepBenchmark.Settings(200, 60, 60, 16, 24, 2, 2, 32, 0, 2, 16);
    SweepBenchmark.Result result = new SweepBenchmark(settings, new PrintWriter(text)).run();

    assertThat(result.trials()).isEqualTo(16);
    String[] lines = text.toString().strip().split("\n");
    assertThat(lines[0]).contains("16 trials in 4 groups");
    assertThat(lines).anyMatch(l -> l.startsWith("[ 16/16]"));
    assertThat(lines[lines.length - 1])
        .matches("sweep trials=16 seconds=[0-9.]+ trials_per_min=[0-9.]+");
    assertThat(result.meanTestAuroc()).isBetween(0.0, 1.0);
  }

  @Test
  void theGridHas24Configurations() {
    assertThat(SweepBenchmark.grid(20, 256, 0)).hasSize(24).doesNotHaveDuplicates();
  }
}
