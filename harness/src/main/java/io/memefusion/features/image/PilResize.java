package io.memefusion.features.image;

/**
 * torchvision's eval transform on an 8-bit RGB image, computed the way PIL and torchvision compute
 * it, so that features match those of the PyTorch pipeline the weights were trained with:
 *
 * <ul>
 *   <li>{@code Resize(s)}: the shorter side becomes {@code s}, the longer {@code int(s * long /
 *       short)} (torchvision's {@code _compute_resized_output_size}); PIL's {@code
 *       Image.resize(BILINEAR)}, i.e. {@code ImagingResample}: a triangle filter widened by the
 *       scale when shrinking (antialiasing), coefficients normalised per output pixel then turned
 *       into 22-bit fixed point, a horizontal pass then a vertical pass, each rounded and clipped
 *       to 8 bits ({@code libImaging/Resample.c});
 *   <li>{@code CenterCrop(c)}: offsets {@code int(round((size - c) / 2.0))}, Python's round (half
 *       to even);
 *   <li>{@code ToTensor} and {@code Normalize}: {@code v / 255f}, then {@code (x - mean) / std} in
 *       float32.
 * </ul>
 *
 * Images are [h, w, 3] bytes, row-major, channels interleaved.
 */
public final class PilResize {
  private static final int PRECISION_BITS = 32 - 8 - 2;

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
    if (rgb.length != h * w * 3) {
      throw new IllegalArgumentException(rgb.length + " bytes are not a " + w + "x" + h + " RGB");
    }
    byte[] img = rgb;
    int width = w;
    if (newW != w) {
      img = horizontal(img, h, w, newW);
      width = newW;
    }
    if (newH != h) {
      img = vertical(img, h, width, newH);
    }
    return img == rgb ? rgb.clone() : img;
  }

  /** Per output pixel: first input index, count, and fixed-point weights ({@code ksize} each). */
  private record Coeffs(int ksize, int[] bounds, int[] k) {}

  /** {@code precompute_coeffs} with the bilinear filter, then {@code normalize_coeffs_8bpc}. */
  static Coeffs coeffs(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterscale = Math.max(scale, 1.0);
    double support = 1.0 * filterscale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] k = new int[outSize * ksize];
    double[] w = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterscale;
      int xmin = (int) (center - support + 0.5);
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      double ww = 0;
      for (int x = 0; x < xmax; x++) {
        double t = Math.abs((x + xmin - center + 0.5) * ss);
        w[x] = t < 1.0 ? 1.0 - t : 0.0;
        ww += w[x];
      }
      for (int x = 0; x < xmax; x++) {
        double v = ww != 0.0 ? w[x] / ww : w[x];
        k[xx * ksize + x] =
            v < 0
                ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                : (int) (0.5 + v * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return new Coeffs(ksize, bounds, k);
  }

  private static byte[] horizontal(byte[] in, int h, int w, int newW) {
    Coeffs c = coeffs(w, newW);
    byte[] out = new byte[h * newW * 3];
    for (int y = 0; y < h; y++) {
      int row = y * w * 3;
      for (int xx = 0; xx < newW; xx++) {
        int xmin = c.bounds[xx * 2];
        int xmax = c.bounds[xx * 2 + 1];
        int kOff = xx * c.ksize;
        for (int ch = 0; ch < 3; ch++) {
          int ss = 1 << (PRECISION_BITS - 1);
          for (int x = 0; x < xmax; x++) {
            ss += (in[row + (x + xmin) * 3 + ch] & 0xff) * c.k[kOff + x];
          }
          out[(y * newW + xx) * 3 + ch] = clip8(ss);
        }
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] in, int h, int w, int newH) {
    Coeffs c = coeffs(h, newH);
    byte[] out = new byte[newH * w * 3];
    for (int yy = 0; yy < newH; yy++) {
      int ymin = c.bounds[yy * 2];
      int ymax = c.bounds[yy * 2 + 1];
      int kOff = yy * c.ksize;
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < 3; ch++) {
          int ss = 1 << (PRECISION_BITS - 1);
          for (int y = 0; y < ymax; y++) {
            ss += (in[((y + ymin) * w + x) * 3 + ch] & 0xff) * c.k[kOff + y];
          }
          out[(yy * w + x) * 3 + ch] = clip8(ss);
        }
      }
    }
    return out;
  }

  /** PIL's clip8: {@code ss >> PRECISION_BITS} clamped to [0, 255]. */
  private static byte clip8(int ss) {
    int v = ss >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
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
