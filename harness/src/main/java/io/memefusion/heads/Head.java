package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One of the study's heads: which layers it trains and how their outputs become its logit. The same
 * {@link #logits} code builds the training pass and the evaluation passes of a graph, so a head's
 * structure is written once.
 */
sealed interface Head
    permits TextHead,
        ImageHead,
        EarlyFusionHead,
        LateFusionHead,
        AlignFusionHead,
        BilinearFusionHead,
        GatedFusionHead {

  HeadKind kind();

  /** Builds this head's logit, [n], from layers obtained from {@code nets}. */
  Operand<TFloat32> logits(Ops tf, Nets nets);

  static Head of(HeadKind kind) {
    return switch (kind) {
      case TEXT -> new TextHead();
      case IMAGE -> new ImageHead();
      case EARLY_FUSION -> new EarlyFusionHead();
      case LATE_FUSION -> new LateFusionHead();
      case ALIGN_FUSION -> new AlignFusionHead();
      case BILINEAR_FUSION -> new BilinearFusionHead();
      case GATED_FUSION -> new GatedFusionHead();
    };
  }

  /** What follows a Dense layer of the interaction heads. */
  enum Activation {
    LINEAR,
    RELU,
    TANH,
    SIGMOID;

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
      return switch (this) {
        case LINEAR -> x;
        case RELU -> tf.nn.relu(x);
        case TANH -> tf.math.tanh(x);
        case SIGMOID -> tf.math.sigmoid(x);
      };
    }
  }

  /**
   * The layers of a pass. Each call, in the same order in every pass, is the same layer (same
   * variables). Per-trial activations are [n, G, width]: G trials side by side ({@link #trials}).
   */
  interface Nets {
    /**
     * The logit, [n], of one Dense(hidden) → ReLU → Dropout → Dense(1) net reading the
     * concatenation of {@code inputs}.
     */
    Operand<TFloat32> mlp(Modality... inputs);

    /**
     * Dense(width) → activation (→ dropout) on the concatenation of {@code inputs}: [n, G, width].
     */
    Operand<TFloat32> dense(int width, Activation act, boolean dropout, Modality... inputs);

    /** Dense(width) → activation (→ dropout) on per-trial activations x [n, G, in]. */
    Operand<TFloat32> dense(Operand<TFloat32> x, int width, Activation act, boolean dropout);

    /**
     * The logit of Dense(hidden) → ReLU → Dropout → Dense(1) on per-trial activations [n, G, in].
     */
    Operand<TFloat32> mlp(Operand<TFloat32> x);

    /** G: how many trials' activations lie side by side in this pass. */
    int trials();

    /** The trials' hidden size (shared by a group). */
    int hidden();
  }
}
