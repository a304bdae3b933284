package io.memefusion.features;

import io.memefusion.UserException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which encoder layers a text recipe pools: the last, or the last four averaged or concatenated.
 */
public enum TextLayers {
  /** The last encoder layer ({@code sequence_output}): H. */
  LAST(1),
  /** The element-wise mean of the last four encoder layers: H. */
  LAST4_MEAN(4),
  /** The last four encoder layers side by side, the last first: 4·H. */
  LAST4_CONCAT(4);

  private final int count;

  TextLayers(int count) {
    this.count = count;
  }

  /** How many of the last layers are read. */
  public int count() {
    return count;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TextLayers parse(String name) {
    for (TextLayers l : values()) {
      if (l.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new UserException(
        "unknown text layers '"
            + name
            + "': expected one of "
            + String.join(", ", Arrays.stream(values()).map(TextLayers::id).toList()));
  }
}
