package io.memefusion.features.convert.resnet;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The integer formulas {@code harness/src/test/golden/resnet/make_golden.py} computes too: weights
 * and images both sides derive bit for bit, so the golden numbers need no binary files.
 */
final class Formula {
  private static final long MASK = 0xFFFFFFFFL;

  private Formula() {}

  static long hash32(long seed, long i) {
    long x = (i * 2654435761L + seed * 40503 + 12345) & MASK;
    x ^= x >>> 15;
    x = (x * 2246822519L) & MASK;
    x ^= x >>> 13;
    x = (x * 3266489917L) & MASK;
    x ^= x >>> 16;
    return x;
  }

  /** The formula tensor of torchvision state-dict entry {@code name}. */
  static float[] tensor(String name, long[] shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    long seed = crc.getValue();
    float[] v = new float[n];
    double a = 0;
    if (shape.length > 1) {
      long fanIn = 1;
      for (int i = 1; i < shape.length; i++) {
        fanIn *= shape[i];
      }
      a = Math.sqrt(6.0 / fanIn);
    }
    for (int i = 0; i < n; i++) {
      double u = hash32(seed, i) / 4294967296.0;
      double x;
      if (name.endsWith("running_var") || (name.endsWith(".weight") && shape.length == 1)) {
        x = 0.5 + u;
      } else if (name.endsWith("running_mean") || name.endsWith(".bias")) {
        x = 0.2 * (2 * u - 1);
      } else {
        x = (2 * u - 1) * a;
      }
      v[i] = (float) x;
    }
    return v;
  }

  /** Formula image {@code index}: [h, w, 3] bytes, a wrapping gradient plus noise. */
  static byte[] image(int index, int h, int w) {
    byte[] b = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int i = (y * w + x) * 3 + c;
          long noise = hash32(1000 + index, i) >>> 29;
          b[i] = (byte) ((x * 7 + y * 3 + c * 60 + noise * 9) % 256);
        }
      }
    }
    return b;
  }
}
