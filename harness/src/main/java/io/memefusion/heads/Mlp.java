package io.memefusion.heads;

import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/**
 * K Dense(hidden) → ReLU → Dropout → Dense(1) nets side by side, one per trial of a group that
 * reads the same rows: the first layers of all trials form one [in, K·hidden] matrix, so a step is
 * one plain matmul rather than K small ones. Holds the trained weights, a copy kept at each trial's
 * best dev epoch, and Glorot-uniform initial values drawn in Java from each trial's own seed.
 */
final class Mlp extends TrialLayer {
  private static final String[] NAMES = {"w1", "b1", "w2", "b2"};
  private static final int[] TRIAL_AXES = {1, 0, 0, 0};

  final int inDim;
  final int hidden;

  /**
   * Variables w1 [in, K, hidden], b1 [K, hidden], w2 [K, hidden], b2 [K]. {@code rngs}: one
   * generator per trial, each advanced by this net's draws.
   */
  Mlp(Ops tf, int inDim, int hidden, List<SplittableRandom> rngs) {
    super(rngs.size());
    this.inDim = inDim;
    this.hidden = hidden;
    List<Shape> shapes =
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
    List<float[]> values = List.of(w1, new float[k * hidden], w2, new float[k]);
    for (int i = 0; i < NAMES.length; i++) {
      add(tf, NAMES[i], shapes.get(i), TRIAL_AXES[i], i == 0 || i == 2, values.get(i));
    }
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
    List<Operand<TFloat32>> one = trialParams(tf, trial, useBest);
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
  static Operand<TFloat32> firstLayer(Ops tf, Operand<?> x, Operand<TFloat32> w1) {
    if (x.type() == TBfloat16.class) {
      Operand<TBfloat16> xb = (Operand<TBfloat16>) x;
      Operand<TBfloat16> wb = tf.dtypes.cast(w1, TBfloat16.class);
      return tf.dtypes.cast(tf.linalg.matMul(xb, wb), TFloat32.class);
    }
    return tf.linalg.matMul((Operand<TFloat32>) x, w1);
  }
}
