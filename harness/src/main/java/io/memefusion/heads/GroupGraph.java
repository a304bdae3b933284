package io.memefusion.heads;

import io.memefusion.UserException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * One TF graph and session training K trials side by side. The trials of a group share head kind,
 * hidden size, learning rate, batch size and seed — so they see the same mini-batches, in the same
 * order, as each would alone — and may differ in dropout, weight decay, pos_weight, epochs and
 * patience (e.g. the configurations of one seed in a grid). Their nets are laid side by side (see
 * {@link Mlp}): one matmul per layer and step for all of them. Each trial has its own loss and its
 * own dropout masks; the summed loss gives each trial exactly its own gradient, and Adam is
 * elementwise, so a trial's numbers do not depend on the others in its group.
 *
 * <p>Gradients are taken with respect to the nets' variables ({@code addGradients}), not with
 * {@code Optimizer.minimize}, which would train every variable of the graph (data and best-epoch
 * copies included). Adam is the {@code ApplyAdam} kernel that tensorflow-framework's {@code Adam}
 * uses, with the bias-correction powers β^t fed from Java: the framework's version updates them in
 * the same step that reads them, without an ordering between the two.
 */
final class GroupGraph implements AutoCloseable {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  final Graph graph = new Graph();
  final Session session;
  final List<GroupMember> members = new ArrayList<>();
  final Head head;
  final List<TrialLayer> nets = new ArrayList<>(); // in the order the head asks for them

  final Placeholder<TInt64> step; // scalar, 1-based global step: dropout masks are keyed on it
  final Placeholder<TFloat32> beta1Power; // scalar β1^t
  final Placeholder<TFloat32> beta2Power; // scalar β2^t
  final Placeholder<TInt32> batch; // [b] train row indices of this step

  /** Rows to score, [n, dim], per modality (dev every epoch; any split for predictions). */
  final Map<Modality, Placeholder<TFloat32>> evalInputs = new EnumMap<>(Modality.class);

  Operand<TFloat32> dataLoss; // [K] mean loss of each trial's batch, without weight decay
  Op train;
  // Scores of rows fed to evalInputs, per trial k, each computed as a group of one.
  final List<Operand<TFloat32>> devLogits = new ArrayList<>(); // [n] current weights, no dropout
  final List<Operand<TFloat32>> devProba = new ArrayList<>(); // [n]
  final List<Operand<TFloat32>> bestLogits = new ArrayList<>(); // [n] best-epoch weights
  final List<Operand<TFloat32>> bestProba = new ArrayList<>(); // [n]
  final List<List<Operand<TFloat32>>> bestNetLogits = new ArrayList<>(); // [net][n]
  final Placeholder<TBool> improved; // [K] trials whose best weights are replaced
  Op snapshot; // best := current for the improved trials

  final Ops tf; // the graph's root scope
  private final Precision precision;
  // float32, or bfloat16 for the BF16 first layer (rounded once, at initialization)
  private final Map<Modality, Operand<?>> trainInputs = new EnumMap<>(Modality.class);
  private final Variable<TFloat32> trainLabels; // [nTrain]
  final List<Op> initTargets = new ArrayList<>();
  private final Map<Placeholder<TFloat32>, TFloat32> initFeeds = new LinkedHashMap<>();

  /** Whether two trials can share a graph: same head, hidden size, learning rate, batch, seed. */
  static boolean compatible(TrialSpec a, TrialSpec b) {
    return a.graphKey().equals(b.graphKey());
  }

  GroupGraph(List<TrialSpec> specs, TrainingData data, ConfigProto config, Precision precision) {
    for (TrialSpec s : specs) {
      if (!compatible(specs.get(0), s)) {
        throw new IllegalArgumentException(specs.get(0) + " and " + s + " cannot share a graph");
      }
    }
    this.precision = precision;
    Session opened = null;
    try {
      tf = Ops.create(graph);
      head = Head.of(specs.get(0).kind());
      for (int k = 0; k < specs.size(); k++) {
        members.add(new GroupMember(k, specs.get(k)));
      }
      step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, scalarShape());
      beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, scalarShape());
      batch = tf.withName("batch").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      improved =
          tf.withName("improved")
              .placeholder(TBool.class, Placeholder.shape(Shape.of(specs.size())));
      for (Modality m : Modality.values()) {
        if (uses(head.kind(), m)) {
          if (!data.has(m)) {
            throw new UserException(
                "no "
                    + name(m)
                    + " features in "
                    + data.train().split()
                    + "/"
                    + data.dev().split()
                    + " for the "
                    + head.kind().dbName()
                    + " head");
          }
          evalInputs.put(
              m,
              tf.withName("eval_" + name(m))
                  .placeholder(
                      TFloat32.class,
                      Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, data.dim(m)))));
          String train = "train_" + name(m);
          trainInputs.put(
              m,
              precision == Precision.BF16
                  ? dataVariable(train, data.trainFeatures(m), TBfloat16.class)
                  : dataVariable(train, data.trainFeatures(m), TFloat32.class));
        }
      }
      trainLabels = dataVariable("train_labels", data.trainLabels(), TFloat32.class);
      build(data);
      opened = new Session(graph, config);
      session = opened;
      initialize();
    } catch (RuntimeException | OutOfMemoryError e) {
      // a session that failed to initialise (e.g. out of memory) holds the graph: close it first
      if (opened != null) {
        opened.close();
      }
      graph.close();
      throw e;
    }
  }

  static boolean uses(HeadKind kind, Modality m) {
    return m == Modality.TEXT ? kind.usesText() : kind.usesImage();
  }

  private static String name(Modality m) {
    return m.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Placeholder.Options scalarShape() {
    return Placeholder.shape(Shape.scalar());
  }

  /**
   * A variable assigned once, at initialization, from a fed tensor (no copy into the graph):
   * float32 as fed, or rounded to bfloat16 once for the BF16 first layer.
   */
  private <T extends TType> Variable<T> dataVariable(String name, TFloat32 value, Class<T> type) {
    Placeholder<TFloat32> in =
        tf.withName(name + "_in").placeholder(TFloat32.class, Placeholder.shape(value.shape()));
    Variable<T> v = tf.withName(name).variable(value.shape(), type);
    initTargets.add(tf.assign(v, tf.dtypes.cast(in, type)));
    initFeeds.put(in, value);
    return v;
  }

  /** A hyperparameter per trial, [K]. */
  Operand<TFloat32> perTrial(Ops t, java.util.function.ToDoubleFunction<HyperParams> f) {
    float[] v = new float[members.size()];
    for (GroupMember m : members) {
      v[m.index] = (float) f.applyAsDouble(m.spec.hp());
    }
    return t.constant(v);
  }

  private void build(TrainingData data) {
    Ops t = tf.withSubScope("train");
    Map<Modality, Operand<?>> batchInputs = new EnumMap<>(Modality.class);
    trainInputs.forEach((m, v) -> batchInputs.put(m, t.gather(v, batch, t.constant(0))));
    Operand<TFloat32> labels = t.gather(trainLabels, batch, t.constant(0)); // [b]

    GroupPass training = new GroupPass(this, t, data, batchInputs, -1, false);
    Operand<TFloat32> logits = head.logits(t, training); // [K, b]
    Operand<TFloat32> posWeight =
        t.reshape(perTrial(t, HyperParams::posWeight), t.constant(new int[] {members.size(), 1}));
    dataLoss = Loss.mean(t, logits, labels, posWeight);
    train = GroupAdam.build(this, tf.withSubScope("adam"), t.sum(dataLoss, t.constant(0)));

    for (GroupMember m : members) {
      Ops d = tf.withSubScope("dev" + m.index);
      Operand<TFloat32> dev =
          head.logits(d, new GroupPass(this, d, data, evalInputs, m.index, false));
      devLogits.add(dev);
      devProba.add(d.math.sigmoid(dev));
      Ops b = tf.withSubScope("best" + m.index);
      GroupPass bestPass = new GroupPass(this, b, data, evalInputs, m.index, true);
      Operand<TFloat32> best = head.logits(b, bestPass);
      bestLogits.add(best);
      bestProba.add(b.math.sigmoid(best));
      bestNetLogits.add(bestPass.netLogits);
    }

    Ops s = tf.withSubScope("snapshot");
    List<Op> copies = new ArrayList<>();
    for (TrialLayer net : nets) {
      copies.addAll(net.snapshot(s, improved));
    }
    snapshot = s.withControlDependencies(copies).withName("snapshot").noOp();
  }

  private void initialize() {
    List<TFloat32> owned = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<Placeholder<TFloat32>, TFloat32> e : initFeeds.entrySet()) {
        runner.feed(e.getKey(), e.getValue());
      }
      for (TrialLayer net : nets) {
        for (int i = 0; i < net.params.size(); i++) {
          TFloat32 value =
              TFloat32.tensorOf(net.shapes.get(i), DataBuffers.of(net.initial.get(i), true, false));
          owned.add(value);
          runner.feed(net.initialValues.get(i), value);
        }
      }
      initTargets.forEach(runner::addTarget);
      runner.run().close();
    } finally {
      owned.forEach(TFloat32::close);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
