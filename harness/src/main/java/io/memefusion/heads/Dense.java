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
 * a modality's features) or each trial's own activations ([n, G, in]), one matmul per trial, so a
 * trial's numbers are those of a group of one. Returns [n, G, out] before the activation.
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

  /**
   * One matmul per trial (trial j's rows times its [in, out]), stacked back to [n, G, out]: a
   * trial's products are then computed alike in a group of any size (a shared [in, G·out] matmul
   * may pick another kernel for another G, and round differently).
   */
  @SuppressWarnings("unchecked")
  private Operand<TFloat32> forward(
      Ops tf, Operand<?> x, List<Operand<TFloat32>> p, int g, boolean shared) {
    List<Operand<?>> xs = new ArrayList<>();
    if (shared) {
      for (int j = 0; j < g; j++) {
        xs.add(x); // [n, in], the same rows for every trial
      }
    } else if (g == 1) {
      xs.add(tf.reshape((Operand<TFloat32>) x, tf.constant(new int[] {-1, inDim})));
    } else {
      xs.addAll(asList(tf.unstack((Operand<TFloat32>) x, (long) g, Unstack.axis(1L))));
    }
    List<Operand<TFloat32>> ws =
        g == 1
            ? List.of(tf.reshape(p.get(0), tf.constant(new int[] {inDim, out})))
            : asList(tf.unstack(p.get(0), (long) g, Unstack.axis(1L)));
    // biases per trial too: the gradient of a [G, out] bias broadcast over [n, G, out] is a column
    // sum whose order depends on G
    List<Operand<TFloat32>> bs =
        g == 1
            ? List.of(tf.reshape(p.get(1), tf.constant(new int[] {out})))
            : asList(tf.unstack(p.get(1), (long) g, Unstack.axis(0L)));
    List<Operand<TFloat32>> ys = new ArrayList<>();
    for (int j = 0; j < g; j++) {
      // [n, out], bf16-aware
      ys.add(tf.nn.biasAdd(Mlp.firstLayer(tf, xs.get(j), ws.get(j)), bs.get(j)));
    }
    return tf.stack(ys, org.tensorflow.op.core.Stack.axis(1L)); // [n, G, out]
  }

  private static List<Operand<TFloat32>> asList(Unstack<TFloat32> parts) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    parts.output().forEach(out::add);
    return out;
  }
}
