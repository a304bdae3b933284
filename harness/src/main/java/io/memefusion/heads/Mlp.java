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
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Variables of one Dense(hidden) → ReLU → Dropout → Dense(1) net: the trained weights, a copy kept
 * at the best dev epoch, and their Glorot-uniform initial values drawn in Java from the trial's
 * seed (so a net's start does not depend on what else is in the graph).
 */
final class Mlp {
  final int inDim;
  final int hidden;

  /** w1 [inDim, hidden], b1 [hidden], w2 [hidden, 1], b2 [1]. */
  final List<Variable<TFloat32>> params = new ArrayList<>();

  /** Same shapes; the weights of the best dev-AUROC epoch so far. */
  final List<Variable<TFloat32>> best = new ArrayList<>();

  final List<Shape> shapes;
  final List<float[]> initial;

  /** Fed with {@link #initial} once; assigned to both {@link #params} and {@link #best}. */
  final List<Placeholder<TFloat32>> initialValues = new ArrayList<>();

  final List<Op> initOps = new ArrayList<>();

  Mlp(Ops tf, int inDim, int hidden, SplittableRandom rng) {
    this.inDim = inDim;
    this.hidden = hidden;
    this.shapes =
        List.of(Shape.of(inDim, hidden), Shape.of(hidden), Shape.of(hidden, 1), Shape.of(1));
    this.initial =
        List.of(
            glorot(rng, inDim, hidden), new float[hidden], glorot(rng, hidden, 1), new float[1]);
    String[] names = {"w1", "b1", "w2", "b2"};
    for (int i = 0; i < names.length; i++) {
      Variable<TFloat32> v = tf.withName(names[i]).variable(shapes.get(i), TFloat32.class);
      Variable<TFloat32> b =
          tf.withName(names[i] + "_best").variable(shapes.get(i), TFloat32.class);
      Placeholder<TFloat32> in =
          tf.withName(names[i] + "_init")
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
   * The net's logit, [n], for inputs x [n, inDim]. With a {@code dropoutSeed} ([2] int64) the
   * hidden layer is dropped out (inverted dropout: kept units scaled by 1/(1-rate)) with a mask
   * that depends only on that seed, so it is the same whatever else the graph holds.
   */
  Operand<TFloat32> logit(
      Ops tf, Operand<TFloat32> x, boolean useBest, Operand<TInt64> dropoutSeed, float rate) {
    List<Operand<TFloat32>> p = read(tf, useBest ? best : params);
    Operand<TFloat32> h = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(x, p.get(0)), p.get(1)));
    if (dropoutSeed != null && rate > 0) {
      // mask shape [n, hidden] taken from x, not h: a shape read off h would put a Shape op on the
      // gradient path, which crashes TF_AddGradients
      Operand<TInt32> shape =
          tf.concat(
              List.of(
                  tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                  tf.constant(new int[] {hidden})),
              tf.constant(0));
      Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, dropoutSeed);
      Operand<TFloat32> keep =
          tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant(rate)), TFloat32.class);
      h = tf.math.mul(h, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
    }
    Operand<TFloat32> z = tf.nn.biasAdd(tf.linalg.matMul(h, p.get(2)), p.get(3)); // [n, 1]
    return tf.reshape(z, tf.constant(new int[] {-1}));
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
