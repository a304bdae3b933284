package io.memefusion.heads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds one pass of a {@link GroupGraph}'s head: training (all trials, each on its batch rows,
 * with dropout; {@code trial} −1) or scoring one trial with its current or best weights.
 */
final class GroupPass implements Head.Nets {
  private final GroupGraph group;
  final Ops tf;
  final TrainingData data;
  final Map<Modality, ? extends Operand<?>> inputs;
  final int trial;
  final boolean useBest;
  final List<Operand<TFloat32>> netLogits = new ArrayList<>(); // of each mlp(...)
  private int layers; // nets and Dense layers asked for so far: the index of the next one

  GroupPass(
      GroupGraph group,
      Ops tf,
      TrainingData data,
      Map<Modality, ? extends Operand<?>> inputs,
      int trial,
      boolean useBest) {
    this.group = group;
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
    Input in = input(t, modalities);
    Operand<?> x = in.x();
    int inDim = in.dim();
    Mlp net;
    Operand<TFloat32> keep = null;
    if (trial < 0) {
      List<SplittableRandom> rngs = new ArrayList<>();
      group.members.forEach(m -> rngs.add(m.initRng));
      int hidden = group.members.get(0).spec.hp().hidden();
      net = new Mlp(group.tf.withSubScope("vars").withSubScope("net" + index), inDim, hidden, rngs);
      group.nets.add(net);
      group.initTargets.addAll(net.initOps);
      keep = keepMask(t, index, hidden);
    } else {
      net = (Mlp) group.nets.get(index);
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
    return trial < 0 ? group.members.size() : 1;
  }

  @Override
  public int hidden() {
    return group.members.get(0).spec.hp().hidden();
  }

  @Override
  public Operand<TFloat32> dense(
      int width, Head.Activation act, boolean dropout, Modality... modalities) {
    Input in = input(tf.withSubScope("concat" + layers), modalities);
    return dense(in.x(), in.dim(), true, width, act, dropout);
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
      group.members.forEach(m -> rngs.add(m.initRng));
      Dense layer =
          new Dense(group.tf.withSubScope("vars").withSubScope("net" + index), inDim, width, rngs);
      group.nets.add(layer);
      group.initTargets.addAll(layer.initOps);
      y = act.apply(t, layer.apply(t, x, shared));
      if (dropout) {
        y = t.math.mul(y, keepMask(t, index, width));
      }
    } else {
      y = act.apply(t, ((Dense) group.nets.get(index)).applyTrial(t, x, shared, trial, useBest));
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

  /** A layer's input and its width. */
  private record Input(Operand<?> x, int dim) {}

  /** The features of {@code modalities}; several are concatenated in {@code scope}: [n, Σ dims]. */
  private Input input(Ops scope, Modality... modalities) {
    if (modalities.length == 1) {
      return new Input(inputs.get(modalities[0]), data.dim(modalities[0]));
    }
    List<Operand<?>> parts = new ArrayList<>();
    int dim = 0;
    for (Modality mod : modalities) {
      parts.add(inputs.get(mod));
      dim += data.dim(mod);
    }
    return new Input(concat(scope, parts), dim);
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
        t.concat(List.of(t.shape(group.batch), t.constant(new int[] {hidden})), t.constant(0));
    List<Operand<TFloat32>> masks = new ArrayList<>();
    for (GroupMember m : group.members) {
      Operand<TInt64> seed = t.stack(List.of(t.constant(m.dropoutSeed + net), group.step));
      float rate = (float) m.spec.hp().dropout();
      Operand<TFloat32> u = t.random.statelessRandomUniform(shape, seed);
      Operand<TFloat32> kept =
          t.dtypes.cast(t.math.greaterEqual(u, t.constant(rate)), TFloat32.class);
      masks.add(t.math.mul(kept, t.constant(1f / (1f - rate))));
    }
    return t.stack(masks, org.tensorflow.op.core.Stack.axis(1L));
  }
}
