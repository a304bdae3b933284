package io.memefusion.heads;

import io.memefusion.UserException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
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
  final List<Member> members = new ArrayList<>();
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

  private final Ops tf;
  private final Precision precision;
  // float32, or bfloat16 for the BF16 first layer (rounded once, at initialization)
  private final Map<Modality, Operand<?>> trainInputs = new EnumMap<>(Modality.class);
  private final Variable<TFloat32> trainLabels; // [nTrain]
  private final List<Op> initTargets = new ArrayList<>();
  private final Map<Placeholder<TFloat32>, TFloat32> initFeeds = new LinkedHashMap<>();

  /** A trial in the group and its generators. */
  static final class Member {
    final int index;
    final TrialSpec spec;
    final SplittableRandom initRng; // Glorot draws of the nets' weights
    final SplittableRandom shuffle; // mini-batch order, advanced epoch after epoch
    final long dropoutSeed;

    Member(int index, TrialSpec spec) {
      this.index = index;
      this.spec = spec;
      SplittableRandom root = new SplittableRandom(spec.seed());
      this.initRng = root.split();
      this.shuffle = root.split();
      this.dropoutSeed = root.nextLong();
    }
  }

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
        members.add(new Member(k, specs.get(k)));
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
  private Operand<TFloat32> perTrial(Ops t, java.util.function.ToDoubleFunction<HyperParams> f) {
    float[] v = new float[members.size()];
    for (Member m : members) {
      v[m.index] = (float) f.applyAsDouble(m.spec.hp());
    }
    return t.constant(v);
  }

  private void build(TrainingData data) {
    Ops t = tf.withSubScope("train");
    Map<Modality, Operand<?>> batchInputs = new EnumMap<>(Modality.class);
    trainInputs.forEach((m, v) -> batchInputs.put(m, t.gather(v, batch, t.constant(0))));
    Operand<TFloat32> labels = t.gather(trainLabels, batch, t.constant(0)); // [b]

    Pass training = new Pass(t, data, batchInputs, -1, false);
    Operand<TFloat32> logits = head.logits(t, training); // [K, b]
    Operand<TFloat32> posWeight =
        t.reshape(perTrial(t, HyperParams::posWeight), t.constant(new int[] {members.size(), 1}));
    dataLoss = Loss.mean(t, logits, labels, posWeight);
    train = adam(tf.withSubScope("adam"), t.sum(dataLoss, t.constant(0)));

    for (Member m : members) {
      Ops d = tf.withSubScope("dev" + m.index);
      Operand<TFloat32> dev = head.logits(d, new Pass(d, data, evalInputs, m.index, false));
      devLogits.add(dev);
      devProba.add(d.math.sigmoid(dev));
      Ops b = tf.withSubScope("best" + m.index);
      Pass bestPass = new Pass(b, data, evalInputs, m.index, true);
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

  /**
   * Adam with coupled L2 weight decay (as torch.optim.Adam's weight_decay): the gradient of
   * 0.5·wd·‖W‖² on weight matrices (not biases), wd·W, is added to the loss gradient. Every update
   * waits for all gradients: variables are updated in place, and a gradient op still reading a
   * weight must see the old one.
   */
  private Op adam(Ops t, Operand<TFloat32> loss) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    List<int[]> decayShapes = new ArrayList<>(); // null: a bias, not decayed
    for (TrialLayer net : nets) {
      vars.addAll(net.params);
      for (int i = 0; i < net.params.size(); i++) {
        decayShapes.add(net.isWeight(i) ? net.trialAxisShape(i) : null);
      }
    }
    HyperParams hp = members.get(0).spec.hp();
    boolean anyDecay = members.stream().anyMatch(m -> m.spec.hp().weightDecay() > 0);
    Operand<TFloat32> decay = perTrial(t, HyperParams::weightDecay);
    Output<?>[] xs = new Output<?>[vars.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = vars.get(i).asOutput();
    }
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    List<Op> gradOps = new ArrayList<>();
    List<Operand<TFloat32>> gradValues = new ArrayList<>();
    for (int i = 0; i < grads.length; i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Output<TFloat32>) grads[i];
      if (anyDecay && decayShapes.get(i) != null) {
        Operand<TFloat32> wd = t.reshape(decay, t.constant(decayShapes.get(i)));
        g = t.math.add(g, t.math.mul(wd, t.identity(vars.get(i))));
      }
      var id = t.identity(g);
      gradOps.add(id);
      gradValues.add(id);
    }
    Ops after = t.withControlDependencies(gradOps);
    Operand<TFloat32> lr = t.constant((float) hp.learningRate());
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      Shape shape = v.shape();
      Variable<TFloat32> mom1 = t.withName("m" + i).variable(shape, TFloat32.class);
      Variable<TFloat32> mom2 = t.withName("v" + i).variable(shape, TFloat32.class);
      Operand<TFloat32> zeros = t.zeros(t.constant(shape), TFloat32.class);
      initTargets.add(t.assign(mom1, zeros));
      initTargets.add(t.assign(mom2, zeros));
      updates.add(
          after.train.applyAdam(
              v,
              mom1,
              mom2,
              beta1Power,
              beta2Power,
              lr,
              t.constant(BETA1),
              t.constant(BETA2),
              t.constant(EPSILON),
              gradValues.get(i)));
    }
    return t.withControlDependencies(updates).withName("step").noOp();
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

  /**
   * Builds one pass of the head: training (all trials, each on its batch rows, with dropout; {@code
   * trial} −1) or scoring one trial with its current or best weights.
   */
  private final class Pass implements Head.Nets {
    final Ops tf;
    final TrainingData data;
    final Map<Modality, ? extends Operand<?>> inputs;
    final int trial;
    final boolean useBest;
    final List<Operand<TFloat32>> netLogits = new ArrayList<>(); // of each mlp(...)
    private int layers; // nets and Dense layers asked for so far: the index of the next one

    Pass(
        Ops tf,
        TrainingData data,
        Map<Modality, ? extends Operand<?>> inputs,
        int trial,
        boolean useBest) {
      this.tf = tf;
      this.data = data;
      this.inputs = inputs;
      this.trial = trial;
      this.useBest = useBest;
    }

    @Override
    public Operand<TFloat32> mlp(Modality... modalities) {
      int index = layers++;
      Ops t = tf.withSubScope("net" + index);
      Operand<?> x;
      int inDim = 0;
      if (modalities.length == 1) {
        x = inputs.get(modalities[0]);
        inDim = data.dim(modalities[0]);
      } else {
        List<Operand<?>> parts = new ArrayList<>();
        for (Modality mod : modalities) {
          parts.add(inputs.get(mod));
          inDim += data.dim(mod);
        }
        x = concat(t, parts); // [n, Σ dims]
      }
      Mlp net;
      Operand<TFloat32> keep = null;
      if (trial < 0) {
        List<SplittableRandom> rngs = new ArrayList<>();
        members.forEach(m -> rngs.add(m.initRng));
        int hidden = members.get(0).spec.hp().hidden();
        net =
            new Mlp(
                GroupGraph.this.tf.withSubScope("vars").withSubScope("net" + index),
                inDim,
                hidden,
                rngs);
        nets.add(net);
        initTargets.addAll(net.initOps);
        keep = keepMask(t, index, hidden);
      } else {
        net = (Mlp) nets.get(index);
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> logits =
          trial < 0
              ? net.logits(t, x, keep)
              : net.trialLogits(t, (Operand<TFloat32>) x, trial, useBest);
      netLogits.add(logits);
      return logits;
    }

    @Override
    public int trials() {
      return trial < 0 ? members.size() : 1;
    }

    @Override
    public int hidden() {
      return members.get(0).spec.hp().hidden();
    }

    @Override
    public Operand<TFloat32> dense(
        int width, Head.Activation act, boolean dropout, Modality... modalities) {
      Operand<?> x;
      int inDim = 0;
      if (modalities.length == 1) {
        x = inputs.get(modalities[0]);
        inDim = data.dim(modalities[0]);
      } else {
        List<Operand<?>> parts = new ArrayList<>();
        for (Modality mod : modalities) {
          parts.add(inputs.get(mod));
          inDim += data.dim(mod);
        }
        x = concat(tf.withSubScope("concat" + layers), parts); // [n, Σ dims]
      }
      return dense(x, inDim, true, width, act, dropout);
    }

    @Override
    public Operand<TFloat32> dense(
        Operand<TFloat32> x, int width, Head.Activation act, boolean dropout) {
      return dense(x, (int) x.shape().get(2), false, width, act, dropout);
    }

    /** A per-trial Dense layer, [n, G, width], with its activation and (training) dropout. */
    private Operand<TFloat32> dense(
        Operand<?> x, int inDim, boolean shared, int width, Head.Activation act, boolean dropout) {
      int index = layers++;
      Ops t = tf.withSubScope("net" + index);
      Operand<TFloat32> y;
      if (trial < 0) {
        List<SplittableRandom> rngs = new ArrayList<>();
        members.forEach(m -> rngs.add(m.initRng));
        Dense layer =
            new Dense(
                GroupGraph.this.tf.withSubScope("vars").withSubScope("net" + index),
                inDim,
                width,
                rngs);
        nets.add(layer);
        initTargets.addAll(layer.initOps);
        y = act.apply(t, layer.apply(t, x, shared));
        if (dropout) {
          y = t.math.mul(y, keepMask(t, index, width));
        }
      } else {
        y = act.apply(t, ((Dense) nets.get(index)).applyTrial(t, x, shared, trial, useBest));
      }
      return y;
    }

    @Override
    public Operand<TFloat32> mlp(Operand<TFloat32> x) {
      int g = trials();
      Operand<TFloat32> h = dense(x, hidden(), Head.Activation.RELU, true);
      Operand<TFloat32> z = dense(h, 1, Head.Activation.LINEAR, false); // [n, G, 1]
      Ops t = tf.withSubScope("logit" + layers);
      Operand<TFloat32> logits =
          trial < 0
              ? t.linalg.transpose(
                  t.reshape(z, t.constant(new int[] {-1, g})), t.constant(new int[] {1, 0}))
              : t.reshape(z, t.constant(new int[] {-1})); // [G, n] or [n]
      return logits;
    }

    /** Concatenation along the last axis of operands of one type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Operand<?> concat(Ops t, List<Operand<?>> parts) {
      return t.concat((List) parts, t.constant(-1));
    }

    /**
     * Inverted-dropout multipliers [b, K, hidden]: 0 or 1/(1 − rate). Trial k's mask is drawn from
     * (its seed + net, step) alone, so it is the same in any group; rate 0 keeps every unit (×1).
     */
    private Operand<TFloat32> keepMask(Ops t, int net, int hidden) {
      // [b, hidden], read off the batch indices: a shape taken from the activations would put a
      // Shape op on the gradient path, which crashes TF_AddGradients
      Operand<TInt32> shape =
          t.concat(List.of(t.shape(batch), t.constant(new int[] {hidden})), t.constant(0));
      List<Operand<TFloat32>> masks = new ArrayList<>();
      for (Member m : members) {
        Operand<TInt64> seed = t.stack(List.of(t.constant(m.dropoutSeed + net), step));
        float rate = (float) m.spec.hp().dropout();
        Operand<TFloat32> u = t.random.statelessRandomUniform(shape, seed);
        Operand<TFloat32> kept =
            t.dtypes.cast(t.math.greaterEqual(u, t.constant(rate)), TFloat32.class);
        masks.add(t.math.mul(kept, t.constant(1f / (1f - rate))));
      }
      return t.stack(masks, org.tensorflow.op.core.Stack.axis(1L));
    }
  }
}
