package io.memefusion.features;

import io.memefusion.progress.Progress;
import java.util.List;

/** Turns texts into fixed-size vectors. Implementations load their model on first use. */
public interface TextEncoder extends AutoCloseable {
  /** Identity and preprocessing, available without loading the model. */
  EncoderInfo info();

  /**
   * Features of {@code texts} in their order, row-major [texts.size(), dim]. Calls {@code
   * progress.advance} as texts are done (start/done are the caller's).
   */
  float[] encode(List<String> texts, Progress progress);

  /** Things the user should know about the last run (precision used, fallbacks); may be empty. */
  default List<String> notes() {
    return List.of();
  }

  @Override
  void close();
}
