package io.memefusion.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How images are prepared for one model. Decoded to RGB (palette and grey expanded, alpha dropped
 * as PIL's {@code convert("RGB")} does), then one of two geometries:
 *
 * <ul>
 *   <li>{@code resize == 0}: the central square cropped and resized to {@code size} x {@code size}
 *       (area averaging when shrinking, bilinear when enlarging; TF Hub models, the random models);
 *   <li>{@code resize > 0}: torchvision's eval transform — the shorter side resized to {@code
 *       resize} with PIL's antialiased bilinear filter (8-bit fixed point, as PIL computes it), the
 *       longer side {@code int(resize * long / short)}, then a centre crop of {@code size} x {@code
 *       size} at torchvision's rounded offsets ({@link Resample#BILINEAR});
 *   <li>{@code resize > 0} with {@link Resample#BICUBIC}: Hugging Face's CLIPImageProcessor — the
 *       shorter side resized to {@code resize} with PIL's bicubic filter (a = -0.5, 8-bit fixed
 *       point), the longer side {@code int(resize * long / short)}, then the centre crop at offsets
 *       {@code (extent - size) // 2}.
 * </ul>
 *
 * Then 8-bit values mapped linearly onto [{@code low}, {@code high}] and per channel {@code (x -
 * mean) / std}.
 */
public record ImagePreprocessing(
    int size, int resize, float low, float high, float[] mean, float[] std, Resample resample) {

  /** The filter and crop rounding of a shorter-side resize. */
  public enum Resample {
    /** torchvision: PIL bilinear (antialiased), crop offsets rounded. */
    BILINEAR,
    /** Hugging Face CLIPImageProcessor: PIL bicubic (antialiased), crop offsets rounded down. */
    BICUBIC;

    static Resample of(String name) {
      if (name == null || name.isEmpty() || name.equals("bilinear")) {
        return BILINEAR;
      }
      if (name.equals("bicubic")) {
        return BICUBIC;
      }
      throw new IllegalArgumentException("resample must be bilinear or bicubic, got " + name);
    }
  }

  public ImagePreprocessing {
    resample = resample == null ? Resample.BILINEAR : resample;
    if (size < 8) {
      throw new IllegalArgumentException("image size must be at least 8, got " + size);
    }
    if (resize != 0 && resize < size) {
      throw new IllegalArgumentException(
          "resize (shorter side) must be 0 or at least the crop size " + size + ", got " + resize);
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

  /** A shorter-side resize with torchvision's bilinear filter, or none ({@code resize} 0). */
  public ImagePreprocessing(
      int size, int resize, float low, float high, float[] mean, float[] std) {
    this(size, resize, low, high, mean, std, Resample.BILINEAR);
  }

  /** Central square resized to {@code size} (no shorter-side resize). */
  public ImagePreprocessing(int size, float low, float high, float[] mean, float[] std) {
    this(size, 0, low, high, mean, std);
  }

  /** [0, 1] input, no normalisation (TF Hub image models). */
  public static ImagePreprocessing unitRange(int size) {
    return new ImagePreprocessing(size, 0, 1, null, null);
  }

  /** [0, 1] then ImageNet mean/std per channel, central square resized to {@code size}. */
  public static ImagePreprocessing imagenet(int size) {
    return new ImagePreprocessing(size, 0, 1, IMAGENET_MEAN, IMAGENET_STD);
  }

  /**
   * torchvision's ImageNet eval transform: Resize({@code resize}) with PIL bilinear, CenterCrop
   * ({@code size}), ToTensor, Normalize(ImageNet mean, std).
   */
  public static ImagePreprocessing torchvision(int resize, int size) {
    return new ImagePreprocessing(size, resize, 0, 1, IMAGENET_MEAN, IMAGENET_STD);
  }

  /**
   * CLIPImageProcessor: shorter side to {@code size} with PIL bicubic, centre crop {@code size},
   * [0, 1], CLIP's mean and std.
   */
  public static ImagePreprocessing clip(int size) {
    return new ImagePreprocessing(
        size,
        size,
        0,
        1,
        new float[] {0.48145466f, 0.4578275f, 0.40821073f},
        new float[] {0.26862954f, 0.26130258f, 0.27577711f},
        Resample.BICUBIC);
  }

  private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /**
   * Reads a manifest's {@code preprocessing} object: {@code size} (default 224), {@code resize}
   * (default 0), {@code resample} ({@code bilinear} or {@code bicubic}), {@code range}, {@code
   * mean}, {@code std}.
   */
  public static ImagePreprocessing fromJson(JsonNode p) {
    int size = p.path("size").asInt(224);
    int resize = p.path("resize").asInt(0);
    JsonNode range = p.path("range");
    float low = range.isArray() ? (float) range.get(0).asDouble() : 0f;
    float high = range.isArray() ? (float) range.get(1).asDouble() : 1f;
    return new ImagePreprocessing(
        size,
        resize,
        low,
        high,
        floats(p.get("mean")),
        floats(p.get("std")),
        Resample.of(p.path("resample").asText("")));
  }

  private static float[] floats(JsonNode a) {
    if (a == null || !a.isArray()) {
      return null;
    }
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.get(i).asDouble();
    }
    return f;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** Floats per image: size x size x 3. */
  public int valuesPerImage() {
    return size * size * 3;
  }

  /** The settings as sorted strings, for cache keys and the manifest. */
  public Map<String, String> describe() {
    Map<String, String> m = new TreeMap<>();
    m.put("size", Integer.toString(size));
    m.put(
        "resize",
        resize == 0
            ? "center_square_then_area_or_bilinear"
            : resample == Resample.BICUBIC
                ? "shorter_side_" + resize + "_pil_bicubic_then_center_crop_" + size + "_floor"
                : "shorter_side_" + resize + "_pil_bilinear_antialias_then_center_crop_" + size);
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
        && resize == p.resize
        && low == p.low
        && high == p.high
        && Arrays.equals(mean, p.mean)
        && Arrays.equals(std, p.std)
        && resample == p.resample;
  }

  @Override
  public int hashCode() {
    return size * 31
        + resize * 7
        + Arrays.hashCode(mean) * 17
        + Arrays.hashCode(std)
        + resample.ordinal();
  }

  @Override
  public String toString() {
    return "ImagePreprocessing" + describe();
  }
}
