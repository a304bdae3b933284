package io.memefusion.features;

import java.util.Locale;

/** What an encoder reads: the meme's text or its image. */
public enum Modality {
  TEXT,
  IMAGE;

  /** The value stored in {@code feature_set.modality}. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
