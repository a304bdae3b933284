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
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Trainable variables of K trials side by side, each with a trial axis of size K: the current
 * weights, a copy kept at each trial's best dev epoch, and initial values drawn in Java from each
 * trial's own seed. {@link GroupGraph} trains, snapshots and initializes every layer alike.
 */
abstract class TrialLayer {
  final int k;

  /** Trial k's slice of each variable is index k of its trial axis. */
  final List<Variable<TFloat32>> params = new ArrayList<>();

  /** Same shapes; trial k's slice holds its weights of its best dev-AUROC epoch so far. */
  final List<Variable<TFloat32>> best = new ArrayList<>();

  final List<Shape> shapes = new ArrayList<>();
  final List<float[]> initial = new ArrayList<>();

  /** Fed with {@link #initial} once; assigned to both {@link #params} and {@link #best}. */
  final List<Placeholder<TFloat32>> initialValues = new ArrayList<>();

  final List<Op> initOps = new ArrayList<>();
  private final List<Integer> trialAxes = new ArrayList<>();
  private final List<Boolean> weights = new ArrayList<>();

  TrialLayer(int k) {
    this.k = k;
  }

  /** Declares a variable: current, best and initial-value placeholder, in this order. */
  final void add(
      Ops tf, String name, Shape shape, int trialAxis, boolean weight, float[] initialValue) {
    Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
    Variable<TFloat32> b = tf.withName(name + "_best").variable(shape, TFloat32.class);
    Placeholder<TFloat32> in =
        tf.withName(name + "_init").placeholder(TFloat32.class, Placeholder.shape(shape));
    shapes.add(shape);
    initial.add(initialValue);
    params.add(v);
    best.add(b);
    initialValues.add(in);
    trialAxes.add(trialAxis);
    weights.add(weight);
    initOps.add(tf.assign(v, in));
    initOps.add(tf.assign(b, in));
  }

  /** Glorot (Xavier) uniform, Keras' Dense default: U(±sqrt(6 / (fanIn + fanOut))), row-major. */
  static float[] glorot(SplittableRandom rng, int fanIn, int fanOut) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] w = new float[fanIn * fanOut];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
    }
    return w;
  }

  /**
   * Ops copying the current weights of the trials flagged in {@code improved} ([K] bool) to their
   * best-epoch slices.
   */
  final List<Op> snapshot(Ops tf, Operand<TBool> improved) {
    List<Op> copies = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Operand<TBool> mask = tf.reshape(improved, tf.constant(trialAxisShape(i)));
      copies.add(
          tf.assign(
              best.get(i), tf.select(mask, tf.identity(params.get(i)), tf.identity(best.get(i)))));
    }
    return copies;
  }

  /** Whether {@code params.get(i)} is a weight matrix (decayed) rather than a bias. */
  final boolean isWeight(int i) {
    return weights.get(i);
  }

  /**
   * Per-trial column of a [K] value shaped to broadcast against {@code params.get(i)}: K on its
   * trial axis, 1 elsewhere.
   */
  final int[] trialAxisShape(int i) {
    int[] shape = new int[shapes.get(i).numDimensions()];
    java.util.Arrays.fill(shape, 1);
    shape[trialAxes.get(i)] = k;
    return shape;
  }

  /** Trial {@code trial}'s slices of the variables (current or best), as a group of one. */
  final List<Operand<TFloat32>> trialParams(Ops tf, int trial, boolean useBest) {
    List<Operand<TFloat32>> all = read(tf, useBest ? best : params);
    Operand<org.tensorflow.types.TInt32> which = tf.constant(new int[] {trial});
    List<Operand<TFloat32>> one = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      one.add(tf.gather(all.get(i), which, tf.constant(trialAxes.get(i))));
    }
    return one;
  }

  /**
   * Value reads of reference variables. Gradient functions that build constants of their input's
   * type (e.g. Square's) crash on a float_ref input, so ops never consume a variable directly.
   */
  static List<Operand<TFloat32>> read(Ops tf, List<Variable<TFloat32>> vars) {
    List<Operand<TFloat32>> values = new ArrayList<>();
    for (Variable<TFloat32> v : vars) {
      values.add(tf.identity(v));
    }
    return values;
  }
}
