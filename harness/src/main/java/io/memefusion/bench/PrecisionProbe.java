package io.memefusion.bench;

import io.memefusion.heads.HeadKind;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.heads.HyperParams;
import io.memefusion.heads.LabeledFeatures;
import io.memefusion.heads.Precision;
import io.memefusion.heads.TrainingData;
import io.memefusion.heads.TrialSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether bf16 heads are worth it here: trains the same sample of trials (each model, one seed, the
 * given configurations) once in fp32 and once in bf16, the two precisions side by side on two
 * threads, and compares their time and their test AUROCs trial by trial.
 */
final class PrecisionProbe {
  /** bf16 is used only when no trial's test AUROC moves more than this from its fp32 value. */
  static final double MAX_AUROC_DIFF = 0.01;

  /** bf16 is used only when it is at least this much faster. */
  static final double MIN_SPEEDUP = 1.1;

  record Result(
      int trials, double fp32Seconds, double bf16Seconds, double meanDiff, double maxAbsDiff) {
    double speedup() {
      return fp32Seconds / bf16Seconds;
    }

    boolean bf16Wins() {
      return speedup() >= MIN_SPEEDUP && maxAbsDiff <= MAX_AUROC_DIFF;
    }

    Precision choice() {
      return bf16Wins() ? Precision.BF16 : Precision.FP32;
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "precision probe, %d trials: fp32 %.1f s, bf16 %.1f s (%.2fx); test AUROC bf16 - fp32:"
              + " mean %+.4f, max |diff| %.4f (limits: >= %.1fx, <= %.2f) -> %s",
          trials,
          fp32Seconds,
          bf16Seconds,
          speedup(),
          meanDiff,
          maxAbsDiff,
          MIN_SPEEDUP,
          MAX_AUROC_DIFF,
          choice().key());
    }
  }

  private PrecisionProbe() {}

  /** One trial per model and configuration of {@code configs}, seed 0, in both precisions. */
  static Result run(
      TrainingData data, LabeledFeatures test, List<HyperParams> configs, HeadTrainer trainer)
      throws InterruptedException {
    List<TrialSpec> specs = new ArrayList<>();
    for (HeadKind kind : HeadKind.lab()) {
      for (HyperParams hp : configs) {
        specs.add(new TrialSpec(kind, hp, 0));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Timed> fp32 =
          pool.submit(() -> train(trainer.withPrecision(Precision.FP32), specs, data, test));
      Future<Timed> bf16 =
          pool.submit(() -> train(trainer.withPrecision(Precision.BF16), specs, data, test));
      Timed a = fp32.get();
      Timed b = bf16.get();
      double sum = 0;
      double max = 0;
      for (int i = 0; i < specs.size(); i++) {
        double d = b.aurocs[i] - a.aurocs[i];
        sum += d;
        max = Math.max(max, Math.abs(d));
      }
      return new Result(specs.size(), a.seconds, b.seconds, sum / specs.size(), max);
    } catch (ExecutionException e) {
      throw new IllegalStateException("precision probe failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private record Timed(double seconds, double[] aurocs) {}

  private static Timed train(
      HeadTrainer trainer, List<TrialSpec> specs, TrainingData data, LabeledFeatures test) {
    long t0 = System.nanoTime();
    double[] aurocs = SweepBenchmark.testAurocs(trainer, specs, data, test);
    return new Timed((System.nanoTime() - t0) / 1e9, aurocs);
  }
}
