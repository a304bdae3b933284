package io.memefusion.features;

import io.memefusion.UserException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * How BERT's hidden states become a text's feature vector: which layers, pooled how. Width for
 * hidden size H: cls, mean, pooled → H; cls_mean → 2·H; × 4 with last4_concat. {@code pooled} is
 * the pooler output of the last layer, so it takes {@code last} only. The default, {@code
 * cls/last}, is the lab's [CLS] of the last layer.
 */
public record TextRecipe(Pooling pooling, TextLayers layers) {
  public static final TextRecipe DEFAULT = new TextRecipe(Pooling.CLS, TextLayers.LAST);

  public TextRecipe {
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(layers, "layers");
    if (pooling == Pooling.POOLED && layers != TextLayers.LAST) {
      throw new UserException(
          "text pooling 'pooled' is BERT's pooler output of the last layer: it takes layers 'last',"
              + " not '"
              + layers.id()
              + "'");
    }
  }

  /** e.g. {@code cls_mean/last4_concat}. */
  public String id() {
    return pooling.id() + "/" + layers.id();
  }

  /** Feature width for an encoder of hidden size {@code hidden}. */
  public int width(int hidden) {
    return hidden * pooling.parts() * (layers == TextLayers.LAST4_CONCAT ? 4 : 1);
  }

  /** {@code pooling/layers}, e.g. {@code mean/last4_mean}. */
  public static TextRecipe parse(String id) {
    String[] parts = id.split("/", -1);
    if (parts.length != 2) {
      throw new UserException("text recipe '" + id + "' is not POOLING/LAYERS, e.g. cls/last");
    }
    return new TextRecipe(Pooling.parse(parts[0]), TextLayers.parse(parts[1]));
  }

  /**
   * Every pooling × layers combination, in the order given; {@code pooled} only with {@code last}
   * (its other combinations are left out).
   */
  public static List<TextRecipe> grid(List<Pooling> poolings, List<TextLayers> layers) {
    LinkedHashSet<TextRecipe> out = new LinkedHashSet<>();
    for (Pooling p : poolings) {
      for (TextLayers l : layers) {
        if (p != Pooling.POOLED || l == TextLayers.LAST) {
          out.add(new TextRecipe(p, l));
        }
      }
    }
    if (out.isEmpty()) {
      throw new UserException(
          "no text recipe: pooling 'pooled' needs layers 'last' (add --text-layers last)");
    }
    return new ArrayList<>(out);
  }
}
