package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SweepHostTest {
  private static final SweepHost CPU =
      new SweepHost(
          "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz",
          2,
          null,
          "2.18.0",
          "cpu",
          "fp32",
          1,
          "0.1.0-SNAPSHOT (git 0123abcd4567)");

  @Test
  void readsBackWhatItWrites() {
    assertThat(SweepHost.fromJson(CPU.toJson())).isEqualTo(CPU);
    SweepHost gpu =
        new SweepHost("AMD EPYC 7B13", 8, "NVIDIA A100 40960 MiB", "2.18.0", "gpu", "bf16", 4, "x");
    assertThat(SweepHost.fromJson(gpu.toJson())).isEqualTo(gpu);
  }

  @Test
  void aSweepFromBeforeHasNone() {
    assertThat(SweepHost.fromJson(null)).isNull();
    assertThat(SweepHost.fromJson(JsonNodeFactory.instance.nullNode())).isNull();
  }

  @Test
  void describesTheMachineForTheReport() {
    assertThat(CPU.describe())
        .isEqualTo(
            "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz (2 cores), TensorFlow 2.18.0 (cpu build),"
                + " fp32, 1 thread per training session, memefusion 0.1.0-SNAPSHOT (git"
                + " 0123abcd4567)");
  }

  @Test
  void readsTheCpuModelFromCpuinfo(@TempDir Path dir) throws IOException {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(
        cpuinfo,
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R)  Xeon(R) CPU\n\n"
            + "processor\t: 1\nmodel name\t: Intel(R)  Xeon(R) CPU\n");
    assertThat(SweepHost.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) CPU");
    assertThat(SweepHost.cpuModel(dir.resolve("missing"))).isEqualTo("unknown");
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new SweepHost("x", 0, null, "2.18.0", "cpu", "fp32", 1, "v"))
        .hasMessageContaining("cores and threads must be >= 1, got 0 and 1");
  }
}
