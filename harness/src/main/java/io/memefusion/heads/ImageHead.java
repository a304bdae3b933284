package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** ResNet pooled features → MLP. */
final class ImageHead implements Head {
  @Override
  public HeadKind kind() {
    return HeadKind.IMAGE;
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, Nets nets) {
    return nets.mlp(Modality.IMAGE);
  }
}
