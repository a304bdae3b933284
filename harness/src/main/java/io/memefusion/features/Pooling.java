package io.memefusion.features;

import io.memefusion.UserException;
import java.util.Arrays;
import java.util.Locale;

/** How a text encoder turns BERT's hidden states [B, T, H] into one vector per text. */
public enum Pooling {
  /** {@code hidden[:, 0, :]}: the [CLS] position, as in the Hateful Memes baselines. */
  CLS,
  /** Mean over the real tokens (mask = 1), [CLS] and [SEP] included. */
  MEAN,
  /** [CLS] and mean, concatenated: 2·H. */
  CLS_MEAN,
  /** BERT's own {@code pooled_output}: tanh(dense([CLS] of the last layer)); last layer only. */
  POOLED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Vectors per layer: 2 for cls_mean, else 1. */
  int parts() {
    return this == CLS_MEAN ? 2 : 1;
  }

  public static Pooling parse(String name) {
    for (Pooling p : values()) {
      if (p.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new UserException(
        "unknown text pooling '"
            + name
            + "': expected one of "
            + String.join(", ", Arrays.stream(values()).map(Pooling::id).toList()));
  }
}
