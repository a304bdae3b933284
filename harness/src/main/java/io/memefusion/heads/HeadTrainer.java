package io.memefusion.heads;

import java.util.ArrayList;
import java.util.List;
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
 * threadsPerSession} threads of its own. On CPU the same seed gives bit-identical predictions, also
 * when the trial is trained in a group. With the GPU build, TF places the ops on the GPU (see
 * {@link #device()}); GPU kernels are not promised to be bit-reproducible.
 */
public final class HeadTrainer {
  private static final Logger log = LoggerFactory.getLogger(HeadTrainer.class);

  private final ConfigProto config;
  private final String device;

  /**
   * @param threadsPerSession threads each training session may use for one op; 1 gives the
   *     reference numbers and suits running one trainer per core in parallel
   */
  public HeadTrainer(int threadsPerSession) {
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
    log.info("training heads on {}", device);
  }

  /** One thread per session. */
  public HeadTrainer() {
    this(1);
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
   * Trains several trials; those sharing head kind, hidden size, learning rate and batch size (e.g.
   * the seeds of one configuration) train together in one graph, vectorised along a trial axis, so
   * the per-op cost is paid once per step for all of them. Each trial keeps its own seed-driven
   * initial weights, batch order and dropout masks, its own dropout rate, weight decay, pos_weight,
   * epochs and patience, and its own gradient, so its numbers are those of training it alone.
   * Results come in the order of {@code specs}; the listener hears each group's epochs as they end.
   */
  public List<TrainingResult> trainGroup(
      List<TrialSpec> specs, TrainingData data, EpochListener listener) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(listener, "listener");
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no trials to train");
    }
    List<List<Integer>> groups = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      List<Integer> home = null;
      for (List<Integer> g : groups) {
        if (GroupGraph.compatible(specs.get(g.get(0)), specs.get(i))) {
          home = g;
          break;
        }
      }
      if (home == null) {
        home = new ArrayList<>();
        groups.add(home);
      }
      home.add(i);
    }
    TrainingResult[] results = new TrainingResult[specs.size()];
    List<TrainingResult> done = new ArrayList<>();
    try {
      for (List<Integer> g : groups) {
        List<TrialSpec> part = new ArrayList<>();
        g.forEach(i -> part.add(specs.get(i)));
        List<TrainingResult> trained = trainCompatible(part, data, listener);
        done.addAll(trained);
        for (int j = 0; j < g.size(); j++) {
          results[g.get(j)] = trained.get(j);
        }
      }
    } catch (RuntimeException e) {
      done.forEach(r -> r.head().close());
      throw e;
    }
    return List.of(results);
  }

  private List<TrainingResult> trainCompatible(
      List<TrialSpec> specs, TrainingData data, EpochListener listener) {
    long start = System.nanoTime();
    GroupGraph graph = new GroupGraph(specs, data, config);
    try {
      return new GroupTraining(graph, data, listener).run(start);
    } catch (RuntimeException e) {
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
