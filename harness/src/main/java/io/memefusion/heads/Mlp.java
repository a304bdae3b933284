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
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * K Dense(hidden) → ReLU → Dropout → Dense(1) nets side by side, one per trial of a group that
 * reads the same rows: the first layers of all trials form one [in, K·hidden] matrix, so a step is
 * one plain matmul rather than K small ones. Holds the trained weights, a copy kept at each trial's
 * best dev epoch, and Glorot-uniform initial values drawn in Java from each trial's own seed.
 */
final class Mlp {
  private static final String[] NAMES = {"w1", "b1", "w2", "b2"};

  final int k;
  final int inDim;
  final int hidden;

  /** w1 [in, K, hidden], b1 [K, hidden], w2 [K, hidden], b2 [K]: trial k is index k of axis K. */
  final List<Variable<TFloat32>> params = new ArrayList<>();

  /** Same shapes; trial k's slice holds its weights of its best dev-AUROC epoch so far. */
  final List<Variable<TFloat32>> best = new ArrayList<>();

  final List<Shape> shapes;
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
        List.of(Shape.of(inDim, k, hidden), Shape.of(k, hidden), Shape.of(k, hidden), Shape.of(k));
    float[] w1 = new float[inDim * k * hidden];
    float[] w2 = new float[k * hidden];
    for (int t = 0; t < k; t++) {
      float[] own = glorot(rngs.get(t), inDim, hidden); // [in, hidden] of trial t
      for (int i = 0; i < inDim; i++) {
        System.arraycopy(own, i * hidden, w1, (i * k + t) * hidden, hidden);
      }
      System.arraycopy(glorot(rngs.get(t), hidden, 1), 0, w2, t * hidden, hidden);
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
  private static float[] glorot(SplittableRandom rng, int fanIn, int fanOut) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] w = new float[fanIn * fanOut];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
    }
    return w;
  }

  /**
   * Logits [K, n] of all trials on rows x [n, in], current weights; dropout with {@code keep}. x is
   * float32, or bfloat16 for the {@link Precision#BF16} first layer (float32 accumulation).
   */
  Operand<TFloat32> logits(Ops tf, Operand<?> x, Operand<TFloat32> keep) {
    return forward(tf, x, read(tf, params), k, keep);
  }

  /**
   * Logits [n] of trial {@code trial}, current or best weights, computed as a group of one — the
   * same ops and shapes as training that trial alone, so its scores do not depend on its group.
   */
  Operand<TFloat32> trialLogits(Ops tf, Operand<TFloat32> x, int trial, boolean useBest) {
    List<Operand<TFloat32>> all = read(tf, useBest ? best : params);
    Operand<org.tensorflow.types.TInt32> which = tf.constant(new int[] {trial});
    List<Operand<TFloat32>> one =
        List.of(
            tf.gather(all.get(0), which, tf.constant(1)),
            tf.gather(all.get(1), which, tf.constant(0)),
            tf.gather(all.get(2), which, tf.constant(0)),
            tf.gather(all.get(3), which, tf.constant(0)));
    return tf.reshape(forward(tf, x, one, 1, null), tf.constant(new int[] {-1}));
  }

  /**
   * G nets on shared rows x [n, in] with weights p (w1 [in, G, h], b1 [G, h], w2 [G, h], b2 [G]);
   * keep: [n, G, h] inverted-dropout multipliers or null. Returns [G, n].
   */
  private Operand<TFloat32> forward(
      Ops tf, Operand<?> x, List<Operand<TFloat32>> p, int g, Operand<TFloat32> keep) {
    Operand<TFloat32> w1 = tf.reshape(p.get(0), tf.constant(new int[] {inDim, g * hidden}));
    Operand<TFloat32> b1 = tf.reshape(p.get(1), tf.constant(new int[] {g * hidden}));
    Operand<TFloat32> pre = tf.nn.biasAdd(firstLayer(tf, x, w1), b1); // [n, G·h]
    Operand<TFloat32> h =
        tf.reshape(tf.nn.relu(pre), tf.constant(new int[] {-1, g, hidden})); // [n, G, h]
    if (keep != null) {
      h = tf.math.mul(h, keep);
    }
    // second layer of each net: Σ_j h[n, g, j]·w2[g, j] + b2[g], with b2 added in [G, n] layout:
    // its gradient is then a sum along rows, computed alike for any G (a column sum of [n, G] is
    // not: for G = 1 TF reduces a vector instead, in another order)
    Operand<TFloat32> z =
        tf.linalg.transpose(
            tf.sum(tf.math.mul(h, p.get(2)), tf.constant(2)), tf.constant(new int[] {1, 0}));
    return tf.math.add(z, tf.reshape(p.get(3), tf.constant(new int[] {g, 1}))); // [G, n]
  }

  /**
   * x·w1 in float32; with a bfloat16 x, w1 is rounded to bfloat16 too and the product (accumulated
   * in float32 by the kernel) comes back as float32. The weight gradient then flows through the
   * same bfloat16 matmul and a cast back to float32 for Adam.
   */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> firstLayer(Ops tf, Operand<?> x, Operand<TFloat32> w1) {
    if (x.type() == TBfloat16.class) {
      Operand<TBfloat16> xb = (Operand<TBfloat16>) x;
      Operand<TBfloat16> wb = tf.dtypes.cast(w1, TBfloat16.class);
      return tf.dtypes.cast(tf.linalg.matMul(xb, wb), TFloat32.class);
    }
    return tf.linalg.matMul((Operand<TFloat32>) x, w1);
  }

  /**
   * Ops copying the current weights of the trials flagged in {@code improved} ([K] bool) to their
   * best-epoch slices.
   */
  List<Op> snapshot(Ops tf, Operand<TBool> improved) {
    int[][] masks = {{1, k, 1}, {k, 1}, {k, 1}, {k}};
    List<Op> copies = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Operand<TBool> mask = tf.reshape(improved, tf.constant(masks[i]));
      copies.add(
          tf.assign(
              best.get(i), tf.select(mask, tf.identity(params.get(i)), tf.identity(best.get(i)))));
    }
    return copies;
  }

  /** Whether {@code params.get(i)} is a weight matrix (decayed) rather than a bias. */
  boolean isWeight(int i) {
    return i == 0 || i == 2;
  }

  /** Per-trial column of a [K] hyperparameter shaped to broadcast against {@code params.get(i)}. */
  int[] trialAxisShape(int i) {
    return i == 0 ? new int[] {1, k, 1} : i == 3 ? new int[] {k} : new int[] {k, 1};
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
