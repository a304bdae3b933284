package io.memefusion.features.image;

/**
 * Pillow's {@code ImagingResample} (libImaging/Resample.c) for 8-bit RGB, with the two filters
 * memefusion's encoders need: a separable filter whose support is widened by the scale when
 * shrinking (antialiasing), coefficients normalised per output pixel then turned into 22-bit fixed
 * point, a horizontal pass then a vertical pass, each rounded and clipped to 8 bits. A side already
 * at its size is not resampled, as in Pillow. Images are [h, w, 3] bytes, row-major, channels
 * interleaved.
 */
final class PilResample {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  /** Pillow's filters: support radius (before widening) and kernel. */
  enum Filter {
    /** {@code Image.BILINEAR}: the triangle filter. */
    BILINEAR(1.0) {
      @Override
      double weight(double x) {
        double t = Math.abs(x);
        return t < 1.0 ? 1.0 - t : 0.0;
      }
    },
    /** {@code Image.BICUBIC}: the cubic convolution kernel with a = -0.5. */
    BICUBIC(2.0) {
      @Override
      double weight(double x) {
        final double a = -0.5;
        double t = Math.abs(x);
        if (t < 1) {
          return ((a + 2) * t - (a + 3)) * t * t + 1;
        }
        if (t < 2) {
          return (((t - 5) * t + 8) * t - 4) * a;
        }
        return 0;
      }
    };

    private final double support;

    Filter(double support) {
      this.support = support;
    }

    abstract double weight(double x);
  }

  private PilResample() {}

  /** Per output pixel: first input index, tap count, and fixed-point weights [out * ksize]. */
  record Coefficients(int[] bounds, int[] weights, int ksize) {}

  /** {@code precompute_coeffs}, then {@code normalize_coeffs_8bpc}. */
  static Coefficients coefficients(Filter filter, int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterscale = Math.max(scale, 1.0);
    double support = filter.support * filterscale;
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
        double w = filter.weight((x + xmin - center + 0.5) * ss);
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

  /** {@code Image.resize((newW, newH), filter)} of an h x w RGB image. */
  static byte[] resize(Filter filter, byte[] rgb, int h, int w, int newH, int newW) {
    if (rgb.length != h * w * 3) {
      throw new IllegalArgumentException(rgb.length + " bytes are not a " + w + "x" + h + " RGB");
    }
    byte[] img = rgb;
    int width = w;
    if (newW != w) {
      img = horizontal(coefficients(filter, w, newW), img, h, w, newW);
      width = newW;
    }
    if (newH != h) {
      img = vertical(coefficients(filter, h, newH), img, width, newH);
    }
    return img == rgb ? rgb.clone() : img;
  }

  private static byte[] horizontal(Coefficients c, byte[] in, int h, int w, int newW) {
    byte[] out = new byte[h * newW * 3];
    for (int y = 0; y < h; y++) {
      int row = y * w * 3;
      for (int xx = 0; xx < newW; xx++) {
        int xmin = c.bounds()[xx * 2];
        int xmax = c.bounds()[xx * 2 + 1];
        int base = xx * c.ksize();
        int s0 = 1 << (PRECISION_BITS - 1);
        int s1 = s0;
        int s2 = s0;
        for (int x = 0; x < xmax; x++) {
          int k = c.weights()[base + x];
          int p = row + (x + xmin) * 3;
          s0 += (in[p] & 0xff) * k;
          s1 += (in[p + 1] & 0xff) * k;
          s2 += (in[p + 2] & 0xff) * k;
        }
        int o = (y * newW + xx) * 3;
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
      }
    }
    return out;
  }

  private static byte[] vertical(Coefficients c, byte[] in, int w, int newH) {
    byte[] out = new byte[newH * w * 3];
    for (int yy = 0; yy < newH; yy++) {
      int ymin = c.bounds()[yy * 2];
      int ymax = c.bounds()[yy * 2 + 1];
      int base = yy * c.ksize();
      for (int x = 0; x < w; x++) {
        int s0 = 1 << (PRECISION_BITS - 1);
        int s1 = s0;
        int s2 = s0;
        for (int y = 0; y < ymax; y++) {
          int k = c.weights()[base + y];
          int p = ((y + ymin) * w + x) * 3;
          s0 += (in[p] & 0xff) * k;
          s1 += (in[p + 1] & 0xff) * k;
          s2 += (in[p + 2] & 0xff) * k;
        }
        int o = (yy * w + x) * 3;
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
      }
    }
    return out;
  }

  /** PIL's clip8: {@code ss >> PRECISION_BITS} clamped to [0, 255]. */
  private static byte clip8(int ss) {
    int v = ss >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }
}
