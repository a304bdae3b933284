package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Low-rank bilinear pooling (MFB, Yu et al. 2017): both modalities projected to hidden × {@link
 * #RANK}, multiplied element-wise, sum-pooled over groups of {@link #RANK}, signed square root and
 * L2 normalisation, then the MLP (whose dropout is the head's).
 */
final class BilinearFusionHead implements Head {
  /** Rank of the factorised bilinear map (MFB's k; the paper uses 5, small heads do with 4). */
  static final int RANK = 4;

  /** Keeps the signed square root's slope finite at 0 (at most 1/√ε = 100). */
  private static final float EPSILON = 1e-4f;

  @Override
  public HeadKind kind() {
    return HeadKind.BILINEAR_FUSION;
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, Nets nets) {
    int o = nets.hidden();
    int g = nets.trials();
    Operand<TFloat32> text = nets.dense(o * RANK, Activation.LINEAR, false, Modality.TEXT);
    Operand<TFloat32> image = nets.dense(o * RANK, Activation.LINEAR, false, Modality.IMAGE);
    Operand<TFloat32> joint =
        tf.reshape(tf.math.mul(text, image), tf.constant(new int[] {-1, g, o, RANK}));
    Operand<TFloat32> z = tf.sum(joint, tf.constant(3)); // sum-pool, [n, G, o]
    // signed square root z / √(|z| + ε) ≈ sign(z)·√|z|
    z = tf.math.mul(z, tf.math.rsqrt(tf.math.add(tf.math.abs(z), tf.constant(EPSILON))));
    Operand<TFloat32> norm =
        tf.math.rsqrt(
            tf.math.add(
                tf.sum(tf.math.square(z), tf.constant(2), Sum.keepDims(true)),
                tf.constant(1e-12f)));
    return nets.mlp(tf.math.mul(z, norm)); // L2-normalised, [n, G, o] → logit
  }
}
