package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A gated multimodal unit (Arevalo et al. 2017): h = z·tanh(W_t t) + (1 − z)·tanh(W_v v) with the
 * gate z = σ(W_z [t; v]) learned per unit, then the MLP. The gate lets each unit choose its
 * modality meme by meme.
 */
final class GatedFusionHead implements Head {
  @Override
  public HeadKind kind() {
    return HeadKind.GATED_FUSION;
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, Nets nets) {
    int h = nets.hidden();
    Operand<TFloat32> text = nets.dense(h, Activation.TANH, false, Modality.TEXT);
    Operand<TFloat32> image = nets.dense(h, Activation.TANH, false, Modality.IMAGE);
    Operand<TFloat32> gate =
        nets.dense(h, Activation.SIGMOID, false, Modality.TEXT, Modality.IMAGE); // [n, G, h]
    Operand<TFloat32> mixed =
        tf.math.add(
            tf.math.mul(gate, text), tf.math.mul(tf.math.sub(tf.constant(1f), gate), image));
    return nets.mlp(mixed);
  }
}
