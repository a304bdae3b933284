package io.memefusion.features;

import java.util.List;

/**
 * Turns preprocessed images into fixed-size vectors. Decoding, resizing and normalising are done by
 * the caller as {@link #preprocessing()} says (see {@link
 * io.memefusion.features.image.ImagePipeline}).
 */
public interface ImageEncoder extends AutoCloseable {
  EncoderInfo info();

  /** The input this model expects: size, value range, normalisation. */
  ImagePreprocessing preprocessing();

  /** {@code n} images as NHWC floats [n, size, size, 3] to features [n, dim]. Thread-safe. */
  float[] encode(float[] pixels, int n);

  default List<String> notes() {
    return List.of();
  }

  @Override
  void close();
}
