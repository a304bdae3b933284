package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Mean of a text MLP's and an image MLP's logits. Both nets sit under this one logit, so the loss
 * of the averaged logit trains them jointly.
 */
final class LateFusionHead implements Head {
  @Override
  public HeadKind kind() {
    return HeadKind.LATE_FUSION;
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, Nets nets) {
    Operand<TFloat32> text = nets.mlp(Modality.TEXT);
    Operand<TFloat32> image = nets.mlp(Modality.IMAGE);
    // late fusion: mean of per-modality logits, [n]
    return tf.math.mul(tf.math.add(text, image), tf.constant(0.5f));
  }
}
