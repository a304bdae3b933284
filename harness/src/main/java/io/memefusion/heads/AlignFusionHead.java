package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Hate-CLIPper's align fusion: each modality projected to the hidden width (Dense → ReLU →
 * Dropout), multiplied element-wise, then the MLP. The product lets the net see interactions
 * between the modalities that a concatenation (early fusion) must learn to build.
 */
final class AlignFusionHead implements Head {
  @Override
  public HeadKind kind() {
    return HeadKind.ALIGN_FUSION;
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, Nets nets) {
    Operand<TFloat32> text = nets.dense(nets.hidden(), Activation.RELU, true, Modality.TEXT);
    Operand<TFloat32> image = nets.dense(nets.hidden(), Activation.RELU, true, Modality.IMAGE);
    return nets.mlp(tf.math.mul(text, image)); // [n, G, hidden] → logit
  }
}
