package io.memefusion.heads;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * K stacked Dense(hidden) → ReLU → Dropout → Dense(1) nets, one per trial of a group: the trained
 * weights, a copy kept at each trial's best dev epoch, and Glorot-uniform initial values drawn in
 * Java from each trial's own seed (so a trial starts the same whatever group it is in).
 */
final class Mlp {
  private static final String[] NAMES = {"w1", "b1", "w2", "b2"};

  final int k;
  final int inDim;
  final int hidden;

  /** w1 [K, inDim, hidden], b1 [K, 1, hidden], w2 [K, hidden, 1], b2 [K, 1, 1]. */
  final List<Variable<TFloat32>> params = new ArrayList<>();

  /** Same shapes; slice k holds trial k's weights of its best dev-AUROC epoch so far. */
  final List<Variable<TFloat32>> best = new ArrayList<>();

  final List<Shape> shapes;

  /** Initial values, row-major per variable, trials one after another. */
  final List<float[]> initial = new ArrayList<>();

  /** Fed with {@link #initial} once; assigned to both {@link #params} and {@link #best}. */
  final List<Placeholder<TFloat32>> initialValues = new ArrayList<>();

  final List<Op> initOps = new ArrayList<>();

  /** {@code rngs}: one generator per trial, each advanced by this net's draws. */
  Mlp(Ops tf, int inDim, int hidden, List<SplittableRandom> rngs) {
    this.k = rngs.size();
    this.inDim = inDim;
    this.hidden = hidden;
    this.shapes =
        List.of(
            Shape.of(k, inDim, hidden),
            Shape.of(k, 1, hidden),
            Shape.of(k, hidden, 1),
            Shape.of(k, 1, 1));
    float[] w1 = new float[k * inDim * hidden];
    float[] w2 = new float[k * hidden];
    for (int t = 0; t < k; t++) {
      glorot(rngs.get(t), inDim, hidden, w1, t * inDim * hidden);
      glorot(rngs.get(t), hidden, 1, w2, t * hidden);
    }
    initial.addAll(List.of(w1, new float[k * hidden], w2, new float[k]));
    for (int i = 0; i < NAMES.length; i++) {
      Variable<TFloat32> v = tf.withName(NAMES[i]).variable(shapes.get(i), TFloat32.class);
      Variable<TFloat32> b =
          tf.withName(NAMES[i] + "_best").variable(shapes.get(i), TFloat32.class);
      Placeholder<TFloat32> in =
          tf.withName(NAMES[i] + "_init")
              .placeholder(TFloat32.class, Placeholder.shape(shapes.get(i)));
      params.add(v);
      best.add(b);
      initialValues.add(in);
      initOps.add(tf.assign(v, in));
      initOps.add(tf.assign(b, in));
    }
  }

  /** Glorot (Xavier) uniform, Keras' Dense default: U(±sqrt(6 / (fanIn + fanOut))), row-major. */
  private static void glorot(SplittableRandom rng, int fanIn, int fanOut, float[] out, int offset) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    for (int i = 0; i < fanIn * fanOut; i++) {
      out[offset + i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
    }
  }

  /** Reads of the current weights of all K trials. */
  List<Operand<TFloat32>> current(Ops tf) {
    return read(tf, params);
  }

  /**
   * Trial k's weights, current or best, as a group of one ([1, ...]): scoring one trial with the
   * same shapes whatever its group, so its scores are those it would get trained alone.
   */
  List<Operand<TFloat32>> trial(Ops tf, int trial, boolean useBest) {
    List<Operand<TFloat32>> slices = new ArrayList<>();
    for (Operand<TFloat32> v : read(tf, useBest ? best : params)) {
      slices.add(tf.gather(v, tf.constant(new int[] {trial}), tf.constant(0)));
    }
    return slices;
  }

  /**
   * Logits [G, n] of G stacked nets with weights {@code p} (w1 [G, in, h], b1 [G, 1, h], w2 [G, h,
   * 1], b2 [G, 1, 1]) for inputs x: [G, n, inDim] (each net its own rows) or [n, inDim] (the same
   * rows for all). With {@code keep} ([G, n, hidden]: 0 or 1/(1−rate), inverted dropout) the hidden
   * layer is dropped out.
   */
  static Operand<TFloat32> logits(
      Ops tf, Operand<TFloat32> x, List<Operand<TFloat32>> p, Operand<TFloat32> keep) {
    Operand<TFloat32> h =
        tf.nn.relu(tf.math.add(tf.train.batchMatMul(x, p.get(0), TFloat32.class), p.get(1)));
    if (keep != null) {
      h = tf.math.mul(h, keep);
    }
    Operand<TFloat32> z =
        tf.math.add(tf.train.batchMatMul(h, p.get(2), TFloat32.class), p.get(3)); // [G, n, 1]
    return tf.squeeze(z, org.tensorflow.op.core.Squeeze.axis(List.of(2L)));
  }

  /** Whether {@code params.get(i)} is a weight matrix (decayed) rather than a bias. */
  boolean isWeight(int i) {
    return i == 0 || i == 2;
  }

  /**
   * Value reads of reference variables. Gradient functions that build constants of their input's
   * type (e.g. Square's) crash on a float_ref input, so ops never consume a variable directly.
   */
  private static List<Operand<TFloat32>> read(Ops tf, List<Variable<TFloat32>> vars) {
    List<Operand<TFloat32>> values = new ArrayList<>();
    for (Variable<TFloat32> v : vars) {
      values.add(tf.identity(v));
    }
    return values;
  }
}
