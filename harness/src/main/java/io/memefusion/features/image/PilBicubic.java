package io.memefusion.features.image;

/**
 * Resizes 8-bit RGB images exactly as Pillow's {@code Image.resize(size, Image.BICUBIC)} does
 * (libImaging/Resample.c): a separable bicubic filter (a = -0.5) whose support is stretched by the
 * scale when shrinking (antialiasing), coefficients normalised to sum 1 then rounded to 22-bit
 * fixed point, a horizontal pass rounded and clamped to 8 bits, then a vertical pass. Then {@link
 * #clipInput} adds what Hugging Face's {@code CLIPImageProcessor} does around it: shortest edge to
 * {@code size} (the long edge truncated, {@code int(size * long / short)}), centre crop.
 */
public final class PilBicubic {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PilBicubic() {}

  /** Pillow's bicubic kernel, a = -0.5. */
  static double filter(double x) {
    final double a = -0.5;
    if (x < 0) {
      x = -x;
    }
    if (x < 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0;
  }

  /** Per output pixel: first input index, tap count, and fixed-point weights [out * ksize]. */
  record Coefficients(int[] bounds, int[] weights, int ksize) {}

  static Coefficients coefficients(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterscale = Math.max(scale, 1.0);
    double support = 2.0 * filterscale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] kk = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterscale;
      int xmin = (int) (center - support + 0.5); // C's cast: truncation toward zero
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
        double w = filter((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        double v = ww != 0 ? k[x] / ww : k[x];
        kk[xx * ksize + x] =
            v < 0
                ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                : (int) (0.5 + v * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return new Coefficients(bounds, kk, ksize);
  }

  private static int clip8(int v) {
    int x = v >> PRECISION_BITS;
    return x < 0 ? 0 : Math.min(x, 255);
  }

  /**
   * Resizes interleaved RGB bytes {@code src} [h, w, 3] (values 0..255 as unsigned bytes) to [outH,
   * outW, 3]. A side already at its size is not resampled, as in Pillow.
   */
  public static byte[] resize(byte[] src, int w, int h, int outW, int outH) {
    byte[] cur = src;
    int cw = w;
    if (outW != w) {
      Coefficients c = coefficients(w, outW);
      byte[] out = new byte[outW * h * 3];
      for (int y = 0; y < h; y++) {
        int row = y * w * 3;
        for (int xx = 0; xx < outW; xx++) {
          int xmin = c.bounds()[xx * 2];
          int xmax = c.bounds()[xx * 2 + 1];
          int base = xx * c.ksize();
          int s0 = 1 << (PRECISION_BITS - 1);
          int s1 = s0;
          int s2 = s0;
          for (int x = 0; x < xmax; x++) {
            int k = c.weights()[base + x];
            int p = row + (x + xmin) * 3;
            s0 += (src[p] & 0xff) * k;
            s1 += (src[p + 1] & 0xff) * k;
            s2 += (src[p + 2] & 0xff) * k;
          }
          int o = (y * outW + xx) * 3;
          out[o] = (byte) clip8(s0);
          out[o + 1] = (byte) clip8(s1);
          out[o + 2] = (byte) clip8(s2);
        }
      }
      cur = out;
      cw = outW;
    }
    if (outH != h) {
      Coefficients c = coefficients(h, outH);
      byte[] out = new byte[cw * outH * 3];
      for (int yy = 0; yy < outH; yy++) {
        int ymin = c.bounds()[yy * 2];
        int ymax = c.bounds()[yy * 2 + 1];
        int base = yy * c.ksize();
        for (int xx = 0; xx < cw; xx++) {
          int s0 = 1 << (PRECISION_BITS - 1);
          int s1 = s0;
          int s2 = s0;
          for (int y = 0; y < ymax; y++) {
            int k = c.weights()[base + y];
            int p = ((y + ymin) * cw + xx) * 3;
            s0 += (cur[p] & 0xff) * k;
            s1 += (cur[p + 1] & 0xff) * k;
            s2 += (cur[p + 2] & 0xff) * k;
          }
          int o = (yy * cw + xx) * 3;
          out[o] = (byte) clip8(s0);
          out[o + 1] = (byte) clip8(s1);
          out[o + 2] = (byte) clip8(s2);
        }
      }
      cur = out;
    }
    return cur == src ? src.clone() : cur;
  }

  /** {@link #clipInput(byte[], int, int, int, int)} with the crop the size of the short edge. */
  public static byte[] clipInput(byte[] rgb, int w, int h, int size) {
    return clipInput(rgb, w, h, size, size);
  }

  /**
   * CLIPImageProcessor's geometry: the shortest edge resized to {@code shortEdge} (no resampling
   * when it already is), then the central {@code size} x {@code size} crop, top/left offsets {@code
   * (extent - size) / 2} rounded down. Returns [size, size, 3] bytes.
   */
  public static byte[] clipInput(byte[] rgb, int w, int h, int shortEdge, int size) {
    int outW;
    int outH;
    if (w <= h) {
      outW = shortEdge;
      outH = w == shortEdge ? h : (int) ((long) shortEdge * h / w);
    } else {
      outH = shortEdge;
      outW = h == shortEdge ? w : (int) ((long) shortEdge * w / h);
    }
    // int(size * long / short) in Python is a float division then truncation; the integer
    // division above gives the same value for all image sizes that fit in memory
    byte[] resized = (w == outW && h == outH) ? rgb : resize(rgb, w, h, outW, outH);
    int top = (outH - size) / 2;
    int left = (outW - size) / 2;
    byte[] out = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      System.arraycopy(resized, ((top + y) * outW + left) * 3, out, y * size * 3, size * 3);
    }
    return out;
  }
}
