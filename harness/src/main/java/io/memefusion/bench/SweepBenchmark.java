package io.memefusion.bench;

import io.memefusion.eval.Auroc;
import io.memefusion.heads.EpochListener;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.heads.HyperParams;
import io.memefusion.heads.LabeledFeatures;
import io.memefusion.heads.TrainedHead;
import io.memefusion.heads.TrainingData;
import io.memefusion.heads.TrainingResult;
import io.memefusion.heads.TrialSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench sweep}: the study's sweep at real size on synthetic features — the four heads × 24
 * configurations × seeds, each trial trained on train, checkpointed on dev AUROC and scored on test
 * — timed end to end. Trials that can share a graph ({@link HeadTrainer#partition}) train together;
 * {@code workers} graphs train at once, one per core. Prints a line per group and last {@code sweep
 * trials=<n> seconds=<s> trials_per_min=<r>}.
 */
public final class SweepBenchmark {

  /**
   * Sizes of the benchmark; {@link #defaults()} is the issue's: 8,500/500/1,000 memes, 768/2048-d.
   */
  public record Settings(
      int trainRows,
      int devRows,
      int testRows,
      int textDim,
      int imageDim,
      int seeds,
      int epochs,
      int batchSize,
      int patience,
      int workers,
      int maxTrials) {
    public Settings {
      if (trainRows < 1 || devRows < 2 || testRows < 2 || textDim < 1 || imageDim < 1) {
        throw new IllegalArgumentException(
            "bad sizes: "
                + trainRows
                + "/"
                + devRows
                + "/"
                + testRows
                + " "
                + textDim
                + "/"
                + imageDim);
      }
      if (seeds < 1 || workers < 1 || maxTrials < 1) {
        throw new IllegalArgumentException(
            "seeds, workers and trials must be >= 1, got "
                + seeds
                + ", "
                + workers
                + ", "
                + maxTrials);
      }
    }

    /**
     * 8,500/500/1,000 memes, 768-d text, 2,048-d image, 5 seeds, 20 epochs at batch 256, 2 workers.
     */
    public static Settings defaults() {
      return new Settings(8500, 500, 1000, 768, 2048, 5, 20, 256, 0, 2, Integer.MAX_VALUE);
    }
  }

  /** What a run did. */
  public record Result(int trials, double seconds, double meanTestAuroc) {
    public double trialsPerMinute() {
      return trials / seconds * 60;
    }

    public String summaryLine() {
      return String.format(
          Locale.ROOT,
          "sweep trials=%d seconds=%.1f trials_per_min=%.1f",
          trials,
          seconds,
          trialsPerMinute());
    }
  }

  private final Settings settings;
  private final PrintWriter out;

  public SweepBenchmark(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** The benchmark's hidden sizes by default: {32, 64, 128}. */
  public static final List<Integer> HIDDEN = List.of(32, 64, 128);

  /**
   * The 24 configurations: hidden {32, 64, 128} × learning rate {1e-3, 3e-4} × dropout {0.1, 0.5} ×
   * weight decay {0, 1e-4}, all at the given epochs, batch size and patience, pos_weight 1.
   */
  public static List<HyperParams> grid(int epochs, int batchSize, int patience) {
    return grid(HIDDEN, epochs, batchSize, patience);
  }

  /**
   * The configurations for other hidden sizes. The first layer is nearly all the work, so cost
   * grows with hidden: {64, 128, 256} costs twice as much as {32, 64, 128}.
   */
  public static List<HyperParams> grid(
      List<Integer> hiddens, int epochs, int batchSize, int patience) {
    List<HyperParams> grid = new ArrayList<>();
    for (int hidden : hiddens) {
      for (double lr : new double[] {1e-3, 3e-4}) {
        for (double dropout : new double[] {0.1, 0.5}) {
          for (double wd : new double[] {0, 1e-4}) {
            grid.add(new HyperParams(hidden, lr, dropout, wd, batchSize, epochs, 1, patience));
          }
        }
      }
    }
    return grid;
  }

  /**
   * Floating-point operations of the first layers' forward and weight-gradient matmuls of {@code
   * trials} over {@code rows} train rows — nearly all of a sweep's work.
   */
  public static double firstLayerFlops(
      List<TrialSpec> trials, int rows, int textDim, int imageDim) {
    double flops = 0;
    for (TrialSpec t : trials) {
      flops += 4.0 * rows * inputDim(t, textDim, imageDim) * t.hp().hidden() * t.hp().epochs();
    }
    return flops;
  }

  public Result run() throws InterruptedException {
    Settings s = settings;
    long genStart = System.nanoTime();
    SyntheticFeatures features = new SyntheticFeatures(s.textDim(), s.imageDim(), 20_24);
    LabeledFeatures train = features.split("train", s.trainRows(), 1);
    LabeledFeatures dev = features.split("dev", s.devRows(), 2);
    LabeledFeatures test = features.split("test", s.testRows(), 3);
    HeadTrainer trainer = new HeadTrainer(1);
    List<List<TrialSpec>> groups = groups();
    int total = groups.stream().mapToInt(List::size).sum();
    say(
        "synthetic features %d/%d/%d memes, %d-d text, %d-d image (%.1f s); %d trials in %d groups"
            + " on %s, %d workers",
        s.trainRows(),
        s.devRows(),
        s.testRows(),
        s.textDim(),
        s.imageDim(),
        (System.nanoTime() - genStart) / 1e9,
        total,
        groups.size(),
        trainer.device(),
        s.workers());
    AtomicInteger done = new AtomicInteger();
    double[] aurocSum = new double[1];
    long start = System.nanoTime();
    double cpuStart = cpuSeconds();
    ExecutorService pool = Executors.newFixedThreadPool(s.workers());
    try (TrainingData data = TrainingData.of(train, dev)) {
      List<Future<?>> futures = new ArrayList<>();
      for (List<TrialSpec> group : groups) {
        futures.add(
            pool.submit(
                () -> {
                  double auroc = trainAndScore(trainer, group, data, test);
                  int n = done.addAndGet(group.size());
                  synchronized (aurocSum) {
                    aurocSum[0] += auroc * group.size();
                  }
                  TrialSpec first = group.get(0);
                  say(
                      "[%3d/%d] %6.1f s  %-12s hidden=%d lr=%s seed=%d, %d configs: mean test AUROC %.3f",
                      n,
                      total,
                      (System.nanoTime() - start) / 1e9,
                      first.kind().dbName(),
                      first.hp().hidden(),
                      first.hp().learningRate(),
                      first.seed(),
                      group.size(),
                      auroc);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("benchmark trial failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Result result = new Result(done.get(), seconds, aurocSum[0] / done.get());
    say(
        "mean test AUROC %.3f; process CPU %.0f s since start (%.0f s per core used, ~wall time"
            + " on an otherwise idle machine)",
        result.meanTestAuroc(), cpuSeconds() - cpuStart, (cpuSeconds() - cpuStart) / s.workers());
    say("%s", result.summaryLine());
    return result;
  }

  /**
   * The trials, in the graphs {@link HeadTrainer#partition} forms: per model, hidden size, learning
   * rate and seed, the 4 dropout × weight-decay configurations together; most expensive first, to
   * balance the workers.
   */
  private List<List<TrialSpec>> groups() {
    List<TrialSpec> trials = new ArrayList<>();
    for (HeadKind kind : HeadKind.lab()) {
      for (HyperParams hp : grid(settings.epochs(), settings.batchSize(), settings.patience())) {
        for (int seed = 0; seed < settings.seeds(); seed++) {
          trials.add(new TrialSpec(kind, hp, seed));
        }
      }
    }
    List<List<TrialSpec>> groups =
        new ArrayList<>(
            HeadTrainer.partition(
                trials.subList(0, Math.min(trials.size(), settings.maxTrials()))));
    groups.sort(Comparator.comparingLong(this::cost).reversed());
    return groups;
  }

  /** Multiply-adds of the first layer per row, the bulk of a trial's work. */
  private long cost(List<TrialSpec> group) {
    TrialSpec t = group.get(0);
    return (long) inputDim(t, settings.textDim(), settings.imageDim())
        * t.hp().hidden()
        * group.size();
  }

  /** Width of the features a trial's first layer reads. */
  private static int inputDim(TrialSpec t, int textDim, int imageDim) {
    return (t.kind().usesText() ? textDim : 0) + (t.kind().usesImage() ? imageDim : 0);
  }

  /** Trains a group, scores test with each trial's best checkpoint, returns the mean test AUROC. */
  private static double trainAndScore(
      HeadTrainer trainer, List<TrialSpec> group, TrainingData data, LabeledFeatures test) {
    double sum = 0;
    for (double auroc : testAurocs(trainer, group, data, test)) {
      sum += auroc;
    }
    return sum / group.size();
  }

  /**
   * Trains a group; the test AUROC of each trial's best checkpoint, in the order of {@code group}.
   */
  static double[] testAurocs(
      HeadTrainer trainer, List<TrialSpec> group, TrainingData data, LabeledFeatures test) {
    List<TrainingResult> results = trainer.trainGroup(group, data, EpochListener.NONE);
    double[] aurocs = new double[results.size()];
    for (int i = 0; i < aurocs.length; i++) {
      try (TrainedHead head = results.get(i).head()) {
        aurocs[i] = Auroc.of(head.predictProba(test), test.labels()).orElse(Double.NaN);
      }
    }
    return aurocs;
  }

  /** CPU time of this process (all threads, TF's included), when the JVM reports it. */
  private static double cpuSeconds() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private void say(String format, Object... args) {
    synchronized (out) {
      out.println(String.format(Locale.ROOT, format, args));
      out.flush();
    }
  }
}
