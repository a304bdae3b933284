package io.memefusion.heads;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The classifier heads: the lab's four ({@link #lab()}, the default study) and three interaction
 * fusion heads.
 */
public enum HeadKind {
  /** BERT [CLS] features -> MLP. */
  TEXT(true, false),
  /** ResNet pooled features -> MLP. */
  IMAGE(false, true),
  /** [text; image] concatenated -> one MLP. */
  EARLY_FUSION(true, true),
  /** (text MLP logit + image MLP logit) / 2, both nets trained jointly on the averaged logit. */
  LATE_FUSION(true, true),
  /** Per-modality Dense → ReLU → Dropout projections multiplied element-wise → MLP. */
  ALIGN_FUSION(true, true),
  /** Low-rank bilinear pooling (project, multiply, sum-pool, signed √, L2) → MLP. */
  BILINEAR_FUSION(true, true),
  /** Gated multimodal unit: σ-gated mix of tanh projections of each modality → MLP. */
  GATED_FUSION(true, true);

  private static final List<HeadKind> LAB = List.of(TEXT, IMAGE, EARLY_FUSION, LATE_FUSION);

  private final boolean usesText;
  private final boolean usesImage;

  HeadKind(boolean usesText, boolean usesImage) {
    this.usesText = usesText;
    this.usesImage = usesImage;
  }

  /** The lab's four models: the default of a sweep. */
  public static List<HeadKind> lab() {
    return LAB;
  }

  public boolean usesText() {
    return usesText;
  }

  public boolean usesImage() {
    return usesImage;
  }

  /** The name used in the database, specs and exports: text, image, early_fusion, ... */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HeadKind fromDbName(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown model '"
              + name
              + "': expected one of "
              + String.join(", ", Arrays.stream(values()).map(HeadKind::dbName).toList())
              + " (or all)",
          e);
    }
  }
}
