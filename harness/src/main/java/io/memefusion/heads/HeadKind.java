package io.memefusion.heads;

import java.util.Locale;

/** The four classifier heads of the study. */
public enum HeadKind {
  /** BERT [CLS] features -> MLP. */
  TEXT(true, false),
  /** ResNet pooled features -> MLP. */
  IMAGE(false, true),
  /** [text; image] concatenated -> one MLP. */
  EARLY_FUSION(true, true),
  /** (text MLP logit + image MLP logit) / 2, both nets trained jointly on the averaged logit. */
  LATE_FUSION(true, true);

  private final boolean usesText;
  private final boolean usesImage;

  HeadKind(boolean usesText, boolean usesImage) {
    this.usesText = usesText;
    this.usesImage = usesImage;
  }

  public boolean usesText() {
    return usesText;
  }

  public boolean usesImage() {
    return usesImage;
  }

  /** The name used in the database, specs and exports: text, image, early_fusion, late_fusion. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HeadKind fromDbName(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown model '" + name + "': expected text, image, early_fusion or late_fusion", e);
    }
  }
}
