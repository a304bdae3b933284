package io.memefusion.features.tf;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How a TF session runs: CPU threads for one op ({@code intraOpThreads}) and for independent ops
 * ({@code interOpThreads}), and whether oneDNN's automatic bf16 rewrite is on (AMX / AVX512-BF16
 * CPUs; on a GPU build the GPU is used whenever one is visible and this flag changes nothing
 * there).
 */
public record SessionSettings(int intraOpThreads, int interOpThreads, boolean bf16) {
  public SessionSettings {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "TF threads must be positive, got intra " + intraOpThreads + " inter " + interOpThreads);
    }
  }

  /** All cores for one op, two ops side by side, fp32. */
  public static SessionSettings forMachine(int cores) {
    return new SessionSettings(Math.max(1, cores), Math.min(2, Math.max(1, cores)), false);
  }

  public SessionSettings withBf16(boolean on) {
    return new SessionSettings(intraOpThreads, interOpThreads, on);
  }

  /** The session's ConfigProto. GPU memory grows on demand, so two encoders can share a card. */
  public ConfigProto configProto() {
    ConfigProto.Builder config =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(intraOpThreads)
            .setInterOpParallelismThreads(interOpThreads)
            .setAllowSoftPlacement(true)
            .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    if (bf16) {
      config.setGraphOptions(
          GraphOptions.newBuilder()
              .setRewriteOptions(
                  RewriterConfig.newBuilder()
                      .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return config.build();
  }
}
