package io.memefusion.features;

import java.util.Locale;

/**
 * Where an encoder's weights come from: a published pretrained release, a seeded random
 * initialisation, or a checkpoint the user imported ({@code models import}), which may be anything
 * (fine-tuned elsewhere, say) and is never reported as the published release.
 */
public enum WeightsKind {
  PRETRAINED,
  RANDOM,
  IMPORTED;

  /** {@code pretrained}, {@code random} or {@code imported}: the manifest's and reports' word. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a manifest's {@code weights} field; absent means pretrained. */
  public static WeightsKind of(String s) {
    if (s == null || s.isBlank()) {
      return PRETRAINED;
    }
    for (WeightsKind k : values()) {
      if (k.label().equals(s.strip())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "weights must be pretrained, random or imported, got '" + s + "'");
  }
}
