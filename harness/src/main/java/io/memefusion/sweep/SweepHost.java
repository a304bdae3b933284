package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.heads.HeadTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.tensorflow.TensorFlow;

/**
 * Where a sweep was created and first run: the machine (CPU model and cores, or the GPU the heads
 * train on), the TensorFlow native build, the heads' arithmetic and threads, and the memefusion
 * build. Stored in the sweep's context; sweeps from before it was recorded have none.
 *
 * @param cpu the CPU model as the OS names it ("unknown" when it does not say)
 * @param cores processors the JVM may use
 * @param gpu the GPU the heads train on (name and memory when known); null on CPU
 * @param tensorflow the TensorFlow version of the native library
 * @param nativeBuild "cpu" or "gpu": which tensorflow-core-native build is on the classpath
 * @param precision the heads' first-layer arithmetic ("fp32", "bf16")
 * @param threads threads per training session (per op)
 * @param memefusion the memefusion version, with its git commit when built from a checkout
 */
public record SweepHost(
    String cpu,
    int cores,
    String gpu,
    String tensorflow,
    String nativeBuild,
    String precision,
    int threads,
    String memefusion) {

  public SweepHost {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(tensorflow, "tensorflow");
    Objects.requireNonNull(nativeBuild, "native build");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(memefusion, "memefusion");
    if (cores < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "cores and threads must be >= 1, got " + cores + " and " + threads);
    }
  }

  /** This process as {@code trainer} sees it. */
  public static SweepHost probe(HeadTrainer trainer, String memefusion) {
    return builder()
        .cpu(cpuModel(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors())
        .gpu("GPU".equals(trainer.device()) ? gpuName() : null)
        .tensorflow(TensorFlow.version(), probeNativeBuild())
        .precision(trainer.precision().key())
        .threads(trainer.threads())
        .memefusion(memefusion)
        .build();
  }

  /** A builder with nothing set: CPU, TensorFlow, precision and memefusion must be. */
  public static Builder builder() {
    return new Builder();
  }

  /** Named fields for a {@link SweepHost}: five of them are strings, easy to swap by position. */
  public static final class Builder {
    private String cpu;
    private int cores = 1;
    private String gpu;
    private String tensorflow;
    private String nativeBuild;
    private String precision;
    private int threads = 1;
    private String memefusion;

    private Builder() {}

    /** The CPU model and the processors the JVM may use. */
    public Builder cpu(String model, int cores) {
      this.cpu = model;
      this.cores = cores;
      return this;
    }

    /** The GPU the heads train on; null on CPU. */
    public Builder gpu(String gpu) {
      this.gpu = gpu;
      return this;
    }

    /** The TensorFlow version and native build ("cpu" or "gpu"). */
    public Builder tensorflow(String version, String nativeBuild) {
      this.tensorflow = version;
      this.nativeBuild = nativeBuild;
      return this;
    }

    public Builder precision(String precision) {
      this.precision = precision;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder memefusion(String memefusion) {
      this.memefusion = memefusion;
      return this;
    }

    public SweepHost build() {
      return new SweepHost(
          cpu, cores, gpu, tensorflow, nativeBuild, precision, threads, memefusion);
    }
  }

  /** One line for a report: {@code Intel Xeon … (2 cores), TensorFlow 2.18.0 (cpu build), …}. */
  public String describe() {
    String device = gpu != null ? "GPU " + gpu + "; host CPU " + cpu : cpu;
    return device
        + " ("
        + cores
        + (cores == 1 ? " core" : " cores")
        + "), TensorFlow "
        + tensorflow
        + " ("
        + nativeBuild
        + " build), "
        + precision
        + ", "
        + threads
        + (threads == 1 ? " thread" : " threads")
        + " per training session, memefusion "
        + memefusion;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cpu", cpu).put("cores", cores);
    if (gpu == null) {
      o.putNull("gpu");
    } else {
      o.put("gpu", gpu);
    }
    o.put("tensorflow", tensorflow).put("native_build", nativeBuild);
    o.put("precision", precision).put("threads", threads).put("memefusion", memefusion);
    return o;
  }

  /** The host stored in {@code node}; null when the sweep recorded none. */
  public static SweepHost fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    return builder()
        .cpu(node.path("cpu").asText("unknown"), node.path("cores").asInt(1))
        .gpu(node.path("gpu").isTextual() ? node.path("gpu").asText() : null)
        .tensorflow(
            node.path("tensorflow").asText("unknown"), node.path("native_build").asText("unknown"))
        .precision(node.path("precision").asText("fp32"))
        .threads(node.path("threads").asInt(1))
        .memefusion(node.path("memefusion").asText("unknown"))
        .build();
  }

  /** The first "model name" of a Linux /proc/cpuinfo; "unknown" elsewhere. */
  static String cpuModel(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
          return line.substring(colon + 1).trim().replaceAll("\\s+", " ");
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: the model stays unknown
    }
    return "unknown";
  }

  /** "gpu" when the GPU build of the native library is on the classpath. */
  private static String probeNativeBuild() {
    ClassLoader loader = TensorFlow.class.getClassLoader();
    for (String platform : new String[] {"linux-x86_64-gpu", "windows-x86_64-gpu"}) {
      if (loader.getResource("org/tensorflow/internal/c_api/" + platform + "/") != null) {
        return "gpu";
      }
    }
    return "cpu";
  }

  /** Name and memory of the first GPU as nvidia-smi reports them, else just "GPU 0". */
  private static String gpuName() {
    try {
      Process p =
          new ProcessBuilder(
                  "nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader", "--id=0")
              .redirectErrorStream(true)
              .start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
        return out.lines().findFirst().orElse("GPU 0").replace(", ", " ");
      }
    } catch (IOException e) {
      // no nvidia-smi: the name stays unknown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "GPU 0";
  }
}
