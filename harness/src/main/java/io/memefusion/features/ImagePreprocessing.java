package io.memefusion.features;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How images are prepared for one model: decoded to RGB (palette and grey expanded, alpha dropped
 * as PIL's {@code convert("RGB")} does), brought to {@code size} x {@code size} as {@code resize}
 * says, 8-bit values mapped linearly onto [{@code low}, {@code high}], then per channel {@code (x -
 * mean) / std}.
 */
public record ImagePreprocessing(
    int size, float low, float high, float[] mean, float[] std, Resize resize) {

  /** How an image becomes a square of the model's size. */
  public enum Resize {
    /** The central square cropped, then area averaging when shrinking, bilinear when enlarging. */
    CENTER_SQUARE("center_square_then_area_or_bilinear"),
    /**
     * Hugging Face's CLIPImageProcessor: shortest edge to the size with Pillow's bicubic filter
     * (its fixed-point arithmetic), then the central crop.
     */
    SHORTEST_EDGE_BICUBIC("shortest_edge_pil_bicubic_then_center_crop");

    private final String id;

    Resize(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** The resize named {@code id} in a manifest entry (null: the default). */
    public static Resize of(String id) {
      if (id == null || id.isEmpty() || id.equals("center_square")) {
        return CENTER_SQUARE;
      }
      for (Resize r : values()) {
        if (r.id.equals(id) || r.name().equalsIgnoreCase(id)) {
          return r;
        }
      }
      if (id.equals("clip")) {
        return SHORTEST_EDGE_BICUBIC;
      }
      throw new IllegalArgumentException("unknown resize '" + id + "'");
    }
  }

  public ImagePreprocessing(int size, float low, float high, float[] mean, float[] std) {
    this(size, low, high, mean, std, Resize.CENTER_SQUARE);
  }

  public ImagePreprocessing {
    resize = resize == null ? Resize.CENTER_SQUARE : resize;
    if (size < 8) {
      throw new IllegalArgumentException("image size must be at least 8, got " + size);
    }
    if (!(high > low)) {
      throw new IllegalArgumentException("value range [" + low + ", " + high + "] is empty");
    }
    mean = mean == null ? new float[] {0, 0, 0} : mean.clone();
    std = std == null ? new float[] {1, 1, 1} : std.clone();
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 channels each");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
      }
    }
  }

  /** [0, 1] input, no normalisation (TF Hub image models). */
  public static ImagePreprocessing unitRange(int size) {
    return new ImagePreprocessing(size, 0, 1, null, null);
  }

  /** [0, 1] then ImageNet mean/std per channel (torchvision-style models). */
  public static ImagePreprocessing imagenet(int size) {
    return new ImagePreprocessing(
        size, 0, 1, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** CLIP's preprocessing: 224 px (or {@code size}), [0, 1], CLIP's mean and std, bicubic. */
  public static ImagePreprocessing clip(int size) {
    return new ImagePreprocessing(
        size,
        0,
        1,
        new float[] {0.48145466f, 0.4578275f, 0.40821073f},
        new float[] {0.26862954f, 0.26130258f, 0.27577711f},
        Resize.SHORTEST_EDGE_BICUBIC);
  }

  /** Floats per image: size x size x 3. */
  public int valuesPerImage() {
    return size * size * 3;
  }

  /** The settings as sorted strings, for cache keys and the manifest. */
  public Map<String, String> describe() {
    Map<String, String> m = new TreeMap<>();
    m.put("size", Integer.toString(size));
    m.put("resize", resize.id());
    m.put("range", fmt(low) + "," + fmt(high));
    m.put("mean", fmt(mean[0]) + "," + fmt(mean[1]) + "," + fmt(mean[2]));
    m.put("std", fmt(std[0]) + "," + fmt(std[1]) + "," + fmt(std[2]));
    return m;
  }

  private static String fmt(float v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImagePreprocessing p
        && size == p.size
        && low == p.low
        && high == p.high
        && Arrays.equals(mean, p.mean)
        && Arrays.equals(std, p.std)
        && resize == p.resize;
  }

  @Override
  public int hashCode() {
    return size * 31 + Arrays.hashCode(mean) * 17 + Arrays.hashCode(std) + resize.hashCode();
  }

  @Override
  public String toString() {
    return "ImagePreprocessing" + describe();
  }
}
