package io.memefusion.features;

import java.util.Locale;

/** How a text encoder turns BERT's sequence output [B, T, H] into one vector per text. */
public enum Pooling {
  /** {@code sequence_output[:, 0, :]}: the [CLS] position, as in the Hateful Memes baselines. */
  CLS,
  /** Mean over the real tokens (mask = 1), [CLS] and [SEP] included. */
  MEAN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
