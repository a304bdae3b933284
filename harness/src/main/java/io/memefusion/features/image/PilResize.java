package io.memefusion.features.image;

/**
 * torchvision's eval transform on an 8-bit RGB image, computed the way PIL and torchvision compute
 * it, so that features match those of the PyTorch pipeline the weights were trained with:
 *
 * <ul>
 *   <li>{@code Resize(s)}: the shorter side becomes {@code s}, the longer {@code int(s * long /
 *       short)} (torchvision's {@code _compute_resized_output_size}); PIL's {@code
 *       Image.resize(BILINEAR)} ({@link PilResample}, the triangle filter);
 *   <li>{@code CenterCrop(c)}: offsets {@code int(round((size - c) / 2.0))}, Python's round (half
 *       to even);
 *   <li>{@code ToTensor} and {@code Normalize}: {@code v / 255f}, then {@code (x - mean) / std} in
 *       float32.
 * </ul>
 *
 * Images are [h, w, 3] bytes, row-major, channels interleaved.
 */
public final class PilResize {
  private PilResize() {}

  /** {@code [newHeight, newWidth]} for Resize(shorter) of an h x w image, as torchvision does. */
  public static int[] shorterSide(int h, int w, int shorter) {
    int shortSide = Math.min(h, w);
    int longSide = Math.max(h, w);
    // Python: int(requested_new_short * long / short), true division then truncation
    int newLong = (int) ((double) ((long) shorter * longSide) / shortSide);
    return w <= h ? new int[] {newLong, shorter} : new int[] {shorter, newLong};
  }

  /** Top (or left) offset of CenterCrop: {@code int(round((size - crop) / 2.0))}. */
  public static int cropOffset(int size, int crop) {
    return (int) Math.rint((size - crop) / 2.0);
  }

  /** PIL's {@code Image.resize((newW, newH), BILINEAR)} of an RGB image. */
  public static byte[] resize(byte[] rgb, int h, int w, int newH, int newW) {
    return PilResample.resize(PilResample.Filter.BILINEAR, rgb, h, w, newH, newW);
  }

  /**
   * Resize(shorter side {@code resize}), CenterCrop({@code crop}), ToTensor, Normalize: writes
   * {@code crop * crop * 3} floats (HWC) to {@code dst} at {@code offset}.
   */
  public static void transform(
      byte[] rgb,
      int h,
      int w,
      int resize,
      int crop,
      float[] mean,
      float[] std,
      float[] dst,
      int offset) {
    int[] size = shorterSide(h, w, resize);
    byte[] resized = resize(rgb, h, w, size[0], size[1]);
    int top = cropOffset(size[0], crop);
    int left = cropOffset(size[1], crop);
    int i = offset;
    for (int y = 0; y < crop; y++) {
      int row = ((top + y) * size[1] + left) * 3;
      for (int x = 0; x < crop * 3; x += 3) {
        for (int ch = 0; ch < 3; ch++) {
          float v = (resized[row + x + ch] & 0xff) / 255f;
          dst[i++] = (v - mean[ch]) / std[ch];
        }
      }
    }
  }
}
