package io.memefusion.heads;

import io.memefusion.UserException;
import java.util.Locale;

/**
 * Arithmetic of the first layer's matmuls while training — nearly all of a head's work.
 *
 * <p>{@link #FP32} is the reference. {@link #BF16} is mixed precision: the train features and the
 * first-layer weights enter those two matmuls (forward and weight gradient) as bfloat16, products
 * are accumulated in float32, and everything else — the weights Adam updates, biases, the second
 * layer, the loss, and all dev/test scoring — stays float32. On CPUs with native bfloat16 dot
 * products (AVX512-BF16, AMX) it trains about 1.5× faster; elsewhere it is slower. Results differ
 * from fp32 as two seeds do not: by rounding, not by design (measured by {@code bench sweep}).
 */
public enum Precision {
  FP32,
  BF16;

  /** "fp32" or "bf16", as in specs and the database. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Precision fromKey(String key) {
    for (Precision p : values()) {
      if (p.key().equalsIgnoreCase(key.trim())) {
        return p;
      }
    }
    throw new UserException("unknown precision '" + key + "': expected fp32 or bf16");
  }
}
