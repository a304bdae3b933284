package io.memefusion.features.tf;

import io.memefusion.features.Pooling;
import io.memefusion.features.TextLayers;
import io.memefusion.features.TextRecipe;
import java.util.Arrays;
import java.util.List;

/**
 * A recipe's pooling of BERT hidden states: per layer [CLS] and/or the masked mean; the layers'
 * vectors averaged (last4_mean) or side by side (last4_concat).
 */
final class TextPooling {
  private TextPooling() {}

  /**
   * [n, t, h] hidden states of the recipe's layers (the last first) to [n, width]: per layer [CLS]
   * and/or the masked mean; the layers' vectors averaged (last4_mean) or side by side.
   */
  static float[] pool(TextRecipe r, List<float[]> layers, int[] maskv, int n, int t, int h) {
    int per = h * (r.pooling() == Pooling.CLS_MEAN ? 2 : 1); // one layer's vector
    boolean concat = r.layers() == TextLayers.LAST4_CONCAT;
    int width = r.width(h);
    float[] out = new float[n * width];
    float[] one = new float[per];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < layers.size(); l++) {
        Arrays.fill(one, 0f);
        layerVector(r.pooling(), layers.get(l), maskv, i, t, h, one);
        if (concat) {
          System.arraycopy(one, 0, out, i * width + l * per, per);
        } else {
          for (int k = 0; k < per; k++) {
            out[i * width + k] += one[k];
          }
        }
      }
      if (!concat && layers.size() > 1) {
        for (int k = 0; k < per; k++) {
          out[i * width + k] /= layers.size();
        }
      }
    }
    return out;
  }

  /** Row {@code i}'s vector of one layer's [n, t, h] states into the zeroed {@code one}. */
  private static void layerVector(
      Pooling pooling, float[] seq, int[] maskv, int i, int t, int h, float[] one) {
    int at = 0;
    if (pooling == Pooling.CLS || pooling == Pooling.CLS_MEAN) {
      System.arraycopy(seq, i * t * h, one, 0, h);
      at = h;
    }
    if (pooling == Pooling.MEAN || pooling == Pooling.CLS_MEAN) {
      maskedMean(seq, maskv, i, t, h, one, at);
    }
  }

  /** The mean of row {@code i}'s unmasked token states, written to {@code one[at, at + h)}. */
  private static void maskedMean(
      float[] seq, int[] maskv, int i, int t, int h, float[] one, int at) {
    int count = 0;
    for (int j = 0; j < t; j++) {
      if (maskv[i * t + j] == 0) {
        continue;
      }
      count++;
      int base = (i * t + j) * h;
      for (int k = 0; k < h; k++) {
        one[at + k] += seq[base + k];
      }
    }
    for (int k = 0; k < h; k++) {
      one[at + k] /= Math.max(1, count);
    }
  }
}
