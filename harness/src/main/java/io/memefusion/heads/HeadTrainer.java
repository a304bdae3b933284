package io.memefusion.heads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Trains heads: Adam on sigmoid cross-entropy (optional pos_weight), shuffled mini-batches,
 * dropout, L2 weight decay, and the checkpoint of the best dev-AUROC epoch (early stopping after
 * {@code patience} epochs without a better one). Only train and dev are read; test never is.
 *
 * <p>Deterministic: a trial's numbers depend only on its spec and the data — its initial weights,
 * batch order and dropout masks come from its seed, and each session runs its ops on {@code
 * threadsPerSession} threads of its own (per-session pools, so parallel trainers do not disturb
 * each other). On CPU the same seed and thread count give bit-identical numbers, also when the
 * trial is trained in a group; 1 thread is the reference. With the GPU build, TF places the ops on
 * the GPU (see {@link #device()}); GPU kernels are not promised to be bit-reproducible.
 */
public final class HeadTrainer {
  private static final Logger log = LoggerFactory.getLogger(HeadTrainer.class);

  private final ConfigProto config;
  private final String device;
  private final Precision precision;

  /**
   * @param threadsPerSession threads each training session may use for one op; 1 gives the
   *     reference numbers and suits running one trainer per core in parallel
   */
  public HeadTrainer(int threadsPerSession) {
    this(threadsPerSession, Precision.FP32);
  }

  /**
   * @param threadsPerSession threads each training session may use for one op
   * @param precision arithmetic of the first layer's training matmuls
   */
  public HeadTrainer(int threadsPerSession, Precision precision) {
    this.precision = java.util.Objects.requireNonNull(precision, "precision");
    if (threadsPerSession < 1) {
      throw new IllegalArgumentException(
          "threads per session must be >= 1, got " + threadsPerSession);
    }
    this.config =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(threadsPerSession)
            .setInterOpParallelismThreads(1)
            .setUsePerSessionThreads(true)
            .setAllowSoftPlacement(true)
            .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
            .build();
    this.device = probeDevice(config);
    log.info("training heads on {}, {} first layer", device, precision.key());
  }

  private HeadTrainer(HeadTrainer base, Precision precision) {
    this.config = base.config;
    this.device = base.device;
    this.precision = precision;
  }

  /** This trainer with another first-layer precision (same threads and device). */
  public HeadTrainer withPrecision(Precision p) {
    return p == precision ? this : new HeadTrainer(this, java.util.Objects.requireNonNull(p));
  }

  public Precision precision() {
    return precision;
  }

  /** One thread per session. */
  public HeadTrainer() {
    this(1);
  }

  /** Threads each training session may use for one op. */
  public int threads() {
    return config.getIntraOpParallelismThreads();
  }

  /** "GPU" when the GPU build of TensorFlow sees a GPU (heads then train there), else "CPU". */
  public String device() {
    return device;
  }

  /** Trains one trial; convenience for a single run (a sweep should reuse {@link TrainingData}). */
  public TrainingResult train(
      TrialSpec spec, LabeledFeatures train, LabeledFeatures dev, EpochListener listener) {
    try (TrainingData data = TrainingData.of(train, dev)) {
      return train(spec, data, listener);
    }
  }

  public TrainingResult train(TrialSpec spec, TrainingData data, EpochListener listener) {
    return trainGroup(List.of(spec), data, listener).get(0);
  }

  /**
   * Trains several trials. Those sharing head kind, hidden size, learning rate, batch size and seed
   * (e.g. the dropout × weight-decay × pos_weight configurations of one seed) train together in one
   * graph — the same mini-batches, one matmul per layer and step for all of them; see {@link
   * #partition}. Each trial keeps its own initial weights, dropout masks, dropout rate, weight
   * decay, pos_weight, epochs, patience and gradient, so its numbers are those of training it
   * alone. Results come in the order of {@code specs}; the listener hears epochs as they end.
   */
  public List<TrainingResult> trainGroup(
      List<TrialSpec> specs, TrainingData data, EpochListener listener) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(listener, "listener");
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no trials to train");
    }
    Map<TrialSpec, TrainingResult> byspec = new HashMap<>();
    List<TrainingResult> done = new ArrayList<>();
    try {
      for (List<TrialSpec> group : partition(specs)) {
        List<TrainingResult> trained = trainCompatible(group, data, listener);
        done.addAll(trained);
        for (TrainingResult r : trained) {
          byspec.put(r.spec(), r);
        }
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      done.forEach(r -> r.head().close());
      throw e;
    }
    List<TrainingResult> results = new ArrayList<>();
    for (TrialSpec s : specs) {
      results.add(byspec.get(s));
    }
    return results;
  }

  /**
   * The graphs {@link #trainGroup} would build for {@code specs}: trials sharing head kind, hidden
   * size, learning rate, batch size and seed, in first-seen order. A sweep that hands trials to
   * workers can claim them in these groups.
   */
  public static List<List<TrialSpec>> partition(List<TrialSpec> specs) {
    if (new HashSet<>(specs).size() != specs.size()) {
      throw new IllegalArgumentException("the same trial is listed twice in " + specs);
    }
    List<List<TrialSpec>> groups = new ArrayList<>();
    for (TrialSpec spec : specs) {
      List<TrialSpec> home = null;
      for (List<TrialSpec> g : groups) {
        if (GroupGraph.compatible(g.get(0), spec)) {
          home = g;
          break;
        }
      }
      if (home == null) {
        home = new ArrayList<>();
        groups.add(home);
      }
      home.add(spec);
    }
    return groups;
  }

  private List<TrainingResult> trainCompatible(
      List<TrialSpec> specs, TrainingData data, EpochListener listener) {
    long start = System.nanoTime();
    GroupGraph graph = new GroupGraph(specs, data, config, precision);
    try {
      return new GroupTraining(graph, data, listener).run(start);
    } catch (RuntimeException | OutOfMemoryError e) {
      graph.close();
      throw e;
    }
  }

  private static String probeDevice(ConfigProto config) {
    ConfigProto strict = config.toBuilder().setAllowSoftPlacement(false).build();
    try (Graph g = new Graph()) {
      Ops tf =
          Ops.create(g)
              .withDevice(
                  DeviceSpec.newBuilder()
                      .deviceType(DeviceSpec.DeviceType.GPU)
                      .deviceIndex(0)
                      .build());
      var probe = tf.math.add(tf.constant(1f), tf.constant(1f));
      try (Session s = new Session(g, strict)) {
        s.runner().fetch(probe).run().close();
        return "GPU";
      } catch (TensorFlowException | IllegalArgumentException e) {
        return "CPU";
      }
    }
  }
}
