package io.memefusion.heads;

import java.util.List;
import java.util.Objects;

/**
 * Rows of one split that a head sees, aligned across modalities: row {@code i} of {@code text} ([n,
 * textDim]) and of {@code image} ([n, imageDim]) belong to meme {@code ids.get(i)}. Either modality
 * may be absent (null, dim 0) when no encoder for it was used. {@code labels} is null for an
 * unlabeled split.
 */
public record LabeledFeatures(
    String split,
    List<String> ids,
    float[] text,
    int textDim,
    float[] image,
    int imageDim,
    int[] labels) {
  public LabeledFeatures {
    Objects.requireNonNull(split, "split");
    ids = List.copyOf(ids);
    int n = ids.size();
    if (text != null && (long) n * textDim != text.length) {
      throw new IllegalArgumentException(
          split + ": text features have " + text.length + " values, expected " + n + "x" + textDim);
    }
    if (image != null && (long) n * imageDim != image.length) {
      throw new IllegalArgumentException(
          split
              + ": image features have "
              + image.length
              + " values, expected "
              + n
              + "x"
              + imageDim);
    }
    if (labels != null && labels.length != n) {
      throw new IllegalArgumentException(
          split + ": " + labels.length + " labels for " + n + " rows");
    }
  }

  public int rows() {
    return ids.size();
  }

  public boolean labeled() {
    return labels != null;
  }

  /** The given rows (indices into this split), in that order, as split {@code name}. */
  public LabeledFeatures select(String name, int[] rows) {
    int dt = textDim;
    int di = imageDim;
    float[] t = text == null ? null : new float[rows.length * dt];
    float[] v = image == null ? null : new float[rows.length * di];
    int[] y = labels == null ? null : new int[rows.length];
    java.util.List<String> selected = new java.util.ArrayList<>(rows.length);
    for (int k = 0; k < rows.length; k++) {
      int r = rows[k];
      if (r < 0 || r >= rows()) {
        throw new IllegalArgumentException(split + ": row " + r + " outside 0.." + (rows() - 1));
      }
      selected.add(ids.get(r));
      if (t != null) {
        System.arraycopy(text, r * dt, t, k * dt, dt);
      }
      if (v != null) {
        System.arraycopy(image, r * di, v, k * di, di);
      }
      if (y != null) {
        y[k] = labels[r];
      }
    }
    return new LabeledFeatures(name, selected, t, dt, v, di, y);
  }
}
