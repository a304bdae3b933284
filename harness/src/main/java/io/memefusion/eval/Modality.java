package io.memefusion.eval;

import java.util.Locale;

/** The two input modalities of a meme. */
public enum Modality {
  TEXT,
  IMAGE;

  /** The name stored in the database: text, image. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Modality fromDbName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
