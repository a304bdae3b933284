package io.memefusion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SweepBenchmarkTest {
  private static final Pattern GROUP =
      Pattern.compile(", (\\d+) configs: mean test AUROC (\\d\\.\\d{3})$");

  @Test
  void smallSweepPrintsProgressAndTheSummaryLineLast() throws Exception {
    StringWriter text = new StringWriter();
    // 16 of the 4 × 24 × 2 trials, in graphs of 4 configurations, 10 epochs, 200 test memes
    var settings = new SweepBenchmark.Settings(200, 60, 200, 16, 24, 2, 10, 32, 0, 2, 16);
    SweepBenchmark.Result result = new SweepBenchmark(settings, new PrintWriter(text)).run();

    assertThat(result.trials()).isEqualTo(16);
    String[] lines = text.toString().strip().split("\n");
    assertThat(lines[0]).contains("16 trials in 4 groups");
    assertThat(lines).anyMatch(l -> l.startsWith("[ 16/16]"));
    assertThat(lines[lines.length - 1])
        .matches("sweep trials=16 seconds=[0-9.]+ trials_per_min=[0-9.]+");
    // the synthetic label is partly predictable from the text features alone (these 16 trials are
    // text-only; 0.67 here): the heads learn it. Broken training or scoring sits near 0.5, whose
    // standard error on 200 test memes is about 0.04.
    assertThat(result.meanTestAuroc()).as(text.toString()).isGreaterThan(0.6);
    // the summary is the trial-weighted mean of the groups' AUROCs printed on the progress lines
    double sum = 0;
    int trials = 0;
    for (String line : lines) {
      Matcher m = GROUP.matcher(line);
      if (m.find()) {
        sum += Integer.parseInt(m.group(1)) * Double.parseDouble(m.group(2));
        trials += Integer.parseInt(m.group(1));
      }
    }
    assertThat(trials).isEqualTo(16);
    assertThat(result.meanTestAuroc()).isCloseTo(sum / trials, within(0.0005));
  }

  @Test
  void theGridHas24Configurations() {
    assertThat(SweepBenchmark.grid(20, 256, 0)).hasSize(24).doesNotHaveDuplicates();
  }
}
