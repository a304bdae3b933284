package io.memefusion.data;

import java.util.Objects;

/**
 * One meme: its id, the image path relative to the dataset folder (e.g. {@code img/42953.png}), its
 * label (1 = hateful, 0 = not, {@code null} = unlabeled) and its overlaid text.
 */
public record Meme(String id, String img, Integer label, String text) {
  public Meme {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(img, "img of meme " + id);
    Objects.requireNonNull(text, "text of meme " + id);
    if (label != null && label != 0 && label != 1) {
      throw new IllegalArgumentException("label of meme " + id + " must be 0 or 1, got " + label);
    }
  }

  public boolean labeled() {
    return label != null;
  }
}
