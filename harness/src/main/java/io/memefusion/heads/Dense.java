package io.memefusion.heads;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;

/**
 * K Dense(out) layers side by side, one per trial, for the interaction heads: w [in, K, out], b [K,
 * out], Glorot-uniform from each trial's own seed. Reads either rows shared by all trials ([n, in],
 * a modality's features: one matmul for all of them, as {@link Mlp}'s first layer) or each trial's
 * own activations ([n, G, in]: one matmul per trial, so a trial's numbers are those of a group of
 * one). Returns [n, G, out] before the activation.
 */
final class Dense extends TrialLayer {
  final int inDim;
  final int out;

  Dense(Ops tf, int inDim, int out, List<SplittableRandom> rngs) {
    super(rngs.size());
    this.inDim = inDim;
    this.out = out;
    float[] w = new float[inDim * k * out];
    for (int t = 0; t < k; t++) {
      float[] own = glorot(rngs.get(t), inDim, out); // [in, out] of trial t
      for (int i = 0; i < inDim; i++) {
        System.arraycopy(own, i * out, w, (i * k + t) * out, out);
      }
    }
    add(tf, "w", Shape.of(inDim, k, out), 1, true, w);
    add(tf, "b", Shape.of(k, out), 0, false, new float[k * out]);
  }

  /** All trials, current weights; {@code shared}: x is [n, in] rather than [n, K, in]. */
  Operand<TFloat32> apply(Ops tf, Operand<?> x, boolean shared) {
    return forward(tf, x, read(tf, params), k, shared);
  }

  /** Trial {@code trial} alone ([n, 1, out]), current or best weights. */
  Operand<TFloat32> applyTrial(Ops tf, Operand<?> x, boolean shared, int trial, boolean useBest) {
    return forward(tf, x, trialParams(tf, trial, useBest), 1, shared);
  }

  @SuppressWarnings("unchecked")
  private Operand<TFloat32> forward(
      Ops tf, Operand<?> x, List<Operand<TFloat32>> p, int g, boolean shared) {
    Operand<TFloat32> b = p.get(1); // [G, out]
    if (shared) {
      Operand<TFloat32> w = tf.reshape(p.get(0), tf.constant(new int[] {inDim, g * out}));
      Operand<TFloat32> y =
          tf.nn.biasAdd(Mlp.firstLayer(tf, x, w), tf.reshape(b, tf.constant(new int[] {g * out})));
      return tf.reshape(y, tf.constant(new int[] {-1, g, out})); // [n, G, out]
    }
    // per-trial rows: trial j's [n, in] times its [in, out], stacked back to [n, G, out]
    List<Operand<TFloat32>> xs =
        g == 1
            ? List.of(tf.reshape((Operand<TFloat32>) x, tf.constant(new int[] {-1, inDim})))
            : asList(tf.unstack((Operand<TFloat32>) x, (long) g, Unstack.axis(1L)));
    List<Operand<TFloat32>> ws =
        g == 1
            ? List.of(tf.reshape(p.get(0), tf.constant(new int[] {inDim, out})))
            : asList(tf.unstack(p.get(0), (long) g, Unstack.axis(1L)));
    List<Operand<TFloat32>> ys = new ArrayList<>();
    for (int j = 0; j < g; j++) {
      ys.add(tf.linalg.matMul(xs.get(j), ws.get(j)));
    }
    Operand<TFloat32> y = tf.stack(ys, org.tensorflow.op.core.Stack.axis(1L)); // [n, G, out]
    return tf.math.add(y, b);
  }

  private static List<Operand<TFloat32>> asList(Unstack<TFloat32> parts) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    parts.output().forEach(out::add);
    return out;
  }
}
