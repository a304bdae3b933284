package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** [text; image] → one MLP. */
final class EarlyFusionHead implements Head {
  @Override
  public HeadKind kind() {
    return HeadKind.EARLY_FUSION;
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, Nets nets) {
    return nets.mlp(Modality.TEXT, Modality.IMAGE);
  }
}
