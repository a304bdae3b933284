package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** BERT [CLS] features → MLP. */
final class TextHead implements Head {
  @Override
  public HeadKind kind() {
    return HeadKind.TEXT;
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, Nets nets) {
    return nets.mlp(Modality.TEXT);
  }
}
