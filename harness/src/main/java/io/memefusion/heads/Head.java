package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One of the study's four heads: which MLPs it trains and how their logits become its logit. The
 * same {@link #logits} code builds the training pass and the evaluation passes of a graph, so a
 * head's structure is written once.
 */
sealed interface Head permits TextHead, ImageHead, EarlyFusionHead, LateFusionHead {

  HeadKind kind();

  /** Builds this head's logit, [n], from MLPs obtained from {@code nets}. */
  Operand<TFloat32> logits(Ops tf, Nets nets);

  static Head of(HeadKind kind) {
    return switch (kind) {
      case TEXT -> new TextHead();
      case IMAGE -> new ImageHead();
      case EARLY_FUSION -> new EarlyFusionHead();
      case LATE_FUSION -> new LateFusionHead();
    };
  }

  /**
   * Gives the logit, [n], of one Dense(hidden) → ReLU → Dropout → Dense(1) net reading the
   * concatenation of {@code inputs}. The i-th call in every pass is the same net (same variables).
   */
  interface Nets {
    Operand<TFloat32> mlp(Modality... inputs);
  }
}
