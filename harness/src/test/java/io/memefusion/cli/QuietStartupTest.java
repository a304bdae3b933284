package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code bin/tf-quiet} (also the docker images' entrypoint) removes TensorFlow's
 * absl start-up lines from a real JVM's stderr, which TF_CPP_MIN_LOG_LEVEL=2 alone leaves, and
 * passes everything else: the program's own lines, partial ones, absl errors and its exit code.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class QuietStartupTest {
  private static final Path FILTER =
      Path.of(System.getProperty("user.dir")).getParent().resolve("bin").resolve("tf-quiet");

  @TempDir Path tmp;

  record Run(int exit, String err) {}

  private Run run(boolean quiet) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (quiet) {
      cmd.add(FILTER.toString());
    }
    cmd.addAll(
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            System.getProperty("java.class.path"),
            TfStartup.class.getName()));
    Path err = tmp.resolve(quiet + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("finished").isTrue();
    return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theAbslStartupLinesAreGoneAndEverythingElseStays() throws Exception {
    Run plain = run(false);
    // what there is to remove: TF_CPP_MIN_LOG_LEVEL=2 does not reach these
    assertThat(plain.err())
        .contains("WARNING: All log messages before absl::InitializeLog() is called")
        .contains("mlir_graph_optimization_pass");

    Run quiet = run(true);
    assertThat(quiet.exit()).isEqualTo(3);
    assertThat(quiet.err())
        .doesNotContain("absl::InitializeLog")
        .doesNotContain("mlir_graph_optimization_pass")
        .startsWith("progress 1/2\r")
        .contains("progress 2/2\n")
        .contains("E0000 00:00:1796194131.503253   16400 tf.cc:1] an absl error stays\n")
        .endsWith("error: the last line, without a newline");
  }

  @Test
  void theProgramItRunsCanBeStoppedWithCtrlC() throws Exception {
    // a script's background command starts with SIGINT ignored, and a JVM started so keeps it
    // ignored: Ctrl-C would not stop memefusion. /proc's SigIgn mask of the program run: SIGINT is
    // bit 1 (value 2), SIGQUIT bit 2 (value 4)
    Path out = tmp.resolve("status");
    Process p =
        new ProcessBuilder(FILTER.toString(), "sh", "-c", "grep SigIgn /proc/$$/status")
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("finished").isTrue();
    String line = Files.readString(out, StandardCharsets.UTF_8).trim();
    assertThat(line).startsWith("SigIgn:");
    long ignored = Long.parseLong(line.substring("SigIgn:".length()).trim(), 16);
    assertThat(ignored & 0x6).as("SIGINT and SIGQUIT ignored in " + line).isZero();
  }
}
