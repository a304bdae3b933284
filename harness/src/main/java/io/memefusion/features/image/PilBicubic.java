package io.memefusion.features.image;

/**
 * Resizes 8-bit RGB images exactly as Pillow's {@code Image.resize(size, Image.BICUBIC)} does
 * ({@link PilResample}, the bicubic filter with a = -0.5). Then {@link #clipInput} adds what
 * Hugging Face's {@code CLIPImageProcessor} does around it: shortest edge to {@code size} (the long
 * edge truncated, {@code int(size * long / short)}), centre crop.
 */
public final class PilBicubic {
  private PilBicubic() {}

  /** Pillow's bicubic kernel, a = -0.5. */
  static double filter(double x) {
    return PilResample.Filter.BICUBIC.weight(x);
  }

  /**
   * Resizes interleaved RGB bytes {@code src} [h, w, 3] (values 0..255 as unsigned bytes) to [outH,
   * outW, 3]. A side already at its size is not resampled, as in Pillow.
   */
  public static byte[] resize(byte[] src, int w, int h, int outW, int outH) {
    return PilResample.resize(PilResample.Filter.BICUBIC, src, h, w, outH, outW);
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
