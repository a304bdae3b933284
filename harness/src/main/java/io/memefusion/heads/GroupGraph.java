package io.memefusion.heads;

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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * One TF graph and session training several trials side by side. Each trial ("member") has its own
 * subgraph — its own variables, mini-batch indices, dropout masks and Adam update — so its numbers
 * do not depend on which other trials share the graph; the group only shares the session, one
 * {@code Session.run} per step and the training data, held once in variables.
 *
 * <p>Gradients are taken with respect to each member's own variables ({@code addGradients}), not
 * with {@code Optimizer.minimize}, which would train every variable of the graph (data and
 * best-epoch copies included). Adam is the {@code ApplyAdam} kernel that tensorflow-framework's
 * {@code Adam} uses, with the bias-correction powers β^t fed from Java: the framework's version
 * updates them in the same step that reads them, without an ordering between the two.
 */
final class GroupGraph implements AutoCloseable {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  final Graph graph = new Graph();
  final Session session;
  final List<Member> members = new ArrayList<>();

  final Placeholder<TInt64> step; // scalar, 1-based global step: dropout masks are keyed on it
  final Placeholder<TFloat32> beta1Power; // scalar β1^t
  final Placeholder<TFloat32> beta2Power; // scalar β2^t

  /** Rows to score, [n, dim], per modality (dev every epoch; any split for predictions). */
  final Map<Modality, Placeholder<TFloat32>> evalInputs = new EnumMap<>(Modality.class);

  private final Ops tf;
  private final Map<Modality, Variable<TFloat32>> trainInputs = new EnumMap<>(Modality.class);
  private final Variable<TFloat32> trainLabels; // [nTrain]
  private final List<Op> initTargets = new ArrayList<>();
  private final Map<Placeholder<TFloat32>, TFloat32> initFeeds = new LinkedHashMap<>();

  /** A trial in the group and the handles of its subgraph. */
  static final class Member {
    final TrialSpec spec;
    final Head head;
    final SplittableRandom initRng; // Glorot draws of the nets' weights
    final SplittableRandom shuffle; // mini-batch order, advanced epoch after epoch
    final long dropoutSeed;
    final List<Mlp> nets = new ArrayList<>();
    Placeholder<TInt32> batch; // [b] row indices into train
    Operand<TFloat32> dataLoss; // scalar mean loss of the batch, without weight decay
    Op train;
    Operand<TFloat32> devLogit; // [n] current weights, no dropout
    Operand<TFloat32> devProba; // [n]
    Operand<TFloat32> bestLogit; // [n] best-epoch weights
    Operand<TFloat32> bestProba; // [n]
    List<Operand<TFloat32>> bestNetLogits; // [n] per net, best-epoch weights
    Op snapshot; // best := current

    Member(TrialSpec spec) {
      this.spec = spec;
      this.head = Head.of(spec.kind());
      SplittableRandom root = new SplittableRandom(spec.seed());
      this.initRng = root.split();
      this.shuffle = root.split();
      this.dropoutSeed = root.nextLong();
    }
  }

  GroupGraph(List<TrialSpec> specs, TrainingData data, ConfigProto config) {
    try {
      tf = Ops.create(graph);
      step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, scalarShape());
      beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, scalarShape());
      for (Modality m : Modality.values()) {
        if (specs.stream().anyMatch(s -> uses(s.kind(), m))) {
          if (!data.has(m)) {
            throw new IllegalArgumentException(
                "no " + m.name().toLowerCase(java.util.Locale.ROOT) + " features for " + specs);
          }
          evalInputs.put(
              m,
              tf.withName("eval_" + m.name().toLowerCase(java.util.Locale.ROOT))
                  .placeholder(
                      TFloat32.class,
                      Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, data.dim(m)))));
          trainInputs.put(m, dataVariable("train_" + m.name(), data.trainFeatures(m)));
        }
      }
      trainLabels = dataVariable("train_labels", data.trainLabels());
      for (int k = 0; k < specs.size(); k++) {
        Member member = new Member(specs.get(k));
        build(tf.withSubScope("trial" + k), member, data);
        members.add(member);
      }
      session = new Session(graph, config);
      initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  static boolean uses(HeadKind kind, Modality m) {
    return m == Modality.TEXT ? kind.usesText() : kind.usesImage();
  }

  private static Placeholder.Options scalarShape() {
    return Placeholder.shape(Shape.scalar());
  }

  /** A variable assigned once, at initialization, from a fed tensor (no copy into the graph). */
  private Variable<TFloat32> dataVariable(String name, TFloat32 value) {
    Placeholder<TFloat32> in =
        tf.withName(name + "_in").placeholder(TFloat32.class, Placeholder.shape(value.shape()));
    Variable<TFloat32> v = tf.withName(name).variable(value.shape(), TFloat32.class);
    initTargets.add(tf.assign(v, in));
    initFeeds.put(in, value);
    return v;
  }

  private void build(Ops t, Member m, TrainingData data) {
    HyperParams hp = m.spec.hp();
    m.batch = t.withName("batch").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Map<Modality, Operand<TFloat32>> batchInputs = new EnumMap<>(Modality.class);
    for (Map.Entry<Modality, Variable<TFloat32>> e : trainInputs.entrySet()) {
      if (uses(m.spec.kind(), e.getKey())) {
        batchInputs.put(e.getKey(), t.gather(e.getValue(), m.batch, t.constant(0)));
      }
    }
    Operand<TFloat32> labels = t.gather(trainLabels, m.batch, t.constant(0)); // [b]

    // training pass: creates the nets, dropout on
    Pass train =
        new Pass(
            t.withSubScope("train"), t.withSubScope("vars"), m, data, batchInputs, Pass.Mode.TRAIN);
    Operand<TFloat32> logit = m.head.logits(train.tf, train);
    m.dataLoss = meanLoss(t, logit, labels, (float) hp.posWeight());
    m.train = adam(t.withSubScope("adam"), m, m.dataLoss, hp);

    Pass dev = new Pass(t.withSubScope("dev"), t, m, data, evalInputs, Pass.Mode.CURRENT);
    m.devLogit = m.head.logits(dev.tf, dev);
    m.devProba = t.math.sigmoid(m.devLogit);
    Pass best = new Pass(t.withSubScope("best"), t, m, data, evalInputs, Pass.Mode.BEST);
    m.bestLogit = m.head.logits(best.tf, best);
    m.bestProba = t.math.sigmoid(m.bestLogit);
    m.bestNetLogits = best.netLogits;

    List<Op> copies = new ArrayList<>();
    for (Mlp net : m.nets) {
      for (int i = 0; i < net.params.size(); i++) {
        copies.add(t.assign(net.best.get(i), net.params.get(i)));
      }
    }
    m.snapshot = t.withControlDependencies(copies).withName("snapshot").noOp();
  }

  /**
   * Mean sigmoid cross-entropy of logits z against labels y, hateful memes weighted by posWeight:
   * (1 − y)·z + (1 + (pw − 1)·y)·(log(1 + e^−|z|) + max(−z, 0)), the stable form of TF's
   * weighted_cross_entropy_with_logits. Equals the plain loss at pw = 1.
   */
  static Operand<TFloat32> meanLoss(
      Ops t, Operand<TFloat32> z, Operand<TFloat32> y, float posWeight) {
    Operand<TFloat32> one = t.constant(1f);
    Operand<TFloat32> softplusNeg =
        t.math.add(t.math.log1p(t.math.exp(t.math.neg(t.math.abs(z)))), t.nn.relu(t.math.neg(z)));
    Operand<TFloat32> weight = t.math.add(one, t.math.mul(y, t.constant(posWeight - 1f)));
    Operand<TFloat32> loss =
        t.math.add(t.math.mul(t.math.sub(one, y), z), t.math.mul(weight, softplusNeg));
    return t.math.mean(loss, t.constant(0));
  }

  /** Java twin of {@link #meanLoss} for dev loss, in double. */
  static double meanLoss(float[] logits, int[] labels, double posWeight) {
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double z = logits[i];
      double y = labels[i];
      double softplusNeg = Math.log1p(Math.exp(-Math.abs(z))) + Math.max(-z, 0);
      sum += (1 - y) * z + (1 + (posWeight - 1) * y) * softplusNeg;
    }
    return sum / logits.length;
  }

  /**
   * Adam on this member's variables only, with coupled L2 weight decay (as torch.optim.Adam's
   * weight_decay): the gradient of 0.5·wd·‖W‖² on weight matrices (not biases), wd·W, is added to
   * the loss gradient directly rather than built through the loss. Every update waits for all of
   * the member's gradients: variables are updated in place, and a gradient op still reading a
   * weight must see the old one.
   */
  private Op adam(Ops t, Member m, Operand<TFloat32> loss, HyperParams hp) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    List<Boolean> decays = new ArrayList<>();
    for (Mlp net : m.nets) {
      vars.addAll(net.params);
      for (int i = 0; i < net.params.size(); i++) {
        decays.add(net.isWeight(i));
      }
    }
    float learningRate = (float) hp.learningRate();
    Operand<TFloat32> decay = t.constant((float) hp.weightDecay());
    Output<?>[] xs = new Output<?>[vars.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = vars.get(i).asOutput();
    }
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    List<Op> gradOps = new ArrayList<>();
    List<Operand<TFloat32>> gradValues = new ArrayList<>();
    for (Output<?> g : grads) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> typed = (Output<TFloat32>) g;
      int i = gradValues.size();
      if (hp.weightDecay() > 0 && decays.get(i)) {
        typed = t.math.add(typed, t.math.mul(decay, t.identity(vars.get(i))));
      }
      var id = t.identity(typed);
      gradOps.add(id);
      gradValues.add(id);
    }
    Ops after = t.withControlDependencies(gradOps);
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
              t.constant(learningRate),
              t.constant(BETA1),
              t.constant(BETA2),
              t.constant(EPSILON),
              gradValues.get(i)));
    }
    return t.withControlDependencies(updates).withName("train").noOp();
  }

  private void initialize() {
    List<TFloat32> owned = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<Placeholder<TFloat32>, TFloat32> e : initFeeds.entrySet()) {
        runner.feed(e.getKey(), e.getValue());
      }
      for (Member m : members) {
        for (Mlp net : m.nets) {
          for (int i = 0; i < net.params.size(); i++) {
            TFloat32 value =
                TFloat32.tensorOf(
                    net.shapes.get(i), DataBuffers.of(net.initial.get(i), true, false));
            owned.add(value);
            runner.feed(net.initialValues.get(i), value);
          }
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

  /** Builds one pass of a member's head: training (dropout, batch rows) or scoring. */
  private final class Pass implements Head.Nets {
    enum Mode {
      TRAIN,
      CURRENT,
      BEST
    }

    final Ops tf;
    final Ops varsTf;
    final Member member;
    final TrainingData data;
    final Map<Modality, ? extends Operand<TFloat32>> inputs;
    final Mode mode;
    final List<Operand<TFloat32>> netLogits = new ArrayList<>();

    Pass(
        Ops tf,
        Ops varsTf,
        Member member,
        TrainingData data,
        Map<Modality, ? extends Operand<TFloat32>> inputs,
        Mode mode) {
      this.tf = tf;
      this.varsTf = varsTf;
      this.member = member;
      this.data = data;
      this.inputs = inputs;
      this.mode = mode;
    }

    @Override
    public Operand<TFloat32> mlp(Modality... modalities) {
      int index = netLogits.size();
      Ops t = tf.withSubScope("net" + index);
      Operand<TFloat32> x;
      int inDim = 0;
      if (modalities.length == 1) {
        x = inputs.get(modalities[0]);
        inDim = data.dim(modalities[0]);
      } else {
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (Modality mod : modalities) {
          parts.add(inputs.get(mod));
          inDim += data.dim(mod);
        }
        x = t.concat(parts, t.constant(1)); // [n, Σ dims]
      }
      Mlp net;
      Operand<TInt64> seed = null;
      if (mode == Mode.TRAIN) {
        net =
            new Mlp(
                varsTf.withSubScope("net" + index),
                inDim,
                member.spec.hp().hidden(),
                member.initRng);
        member.nets.add(net);
        initTargets.addAll(net.initOps);
        seed = t.stack(List.of(t.constant(member.dropoutSeed + index), step));
      } else {
        net = member.nets.get(index);
      }
      Operand<TFloat32> logit =
          net.logit(t, x, mode == Mode.BEST, seed, (float) member.spec.hp().dropout());
      netLogits.add(logit);
      return logit;
    }
  }
}
