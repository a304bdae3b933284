package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HyperParams;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@link HyperParams} as stored in {@code trial.hyperparams} (keys of {@link Param}) and as the
 * short configuration key that groups the seeds of one configuration.
 */
public final class HyperParamsJson {
  /** The key of a trial's text recipe in its stored hyperparameters. */
  public static final String TEXT_RECIPE = "text_recipe";

  private HyperParamsJson() {}

  public static ObjectNode toJson(HyperParams hp) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (Param p : Param.values()) {
      double v = p.valueIn(hp);
      if (p.integer()) {
        o.put(p.key(), (long) v);
      } else {
        o.put(p.key(), v);
      }
    }
    return o;
  }

  /**
   * The stored JSON of a trial: the hyperparameters, then {@code "text_recipe"} when the sweep's
   * text recipe is part of the configuration ({@code recipe} non-null).
   */
  public static ObjectNode toJson(HyperParams hp, TextRecipe recipe) {
    ObjectNode o = toJson(hp);
    if (recipe != null) {
      o.put(TEXT_RECIPE, recipe.id());
    }
    return o;
  }

  /** The text recipe a trial's JSON names; null when it names none (the sweep's only one). */
  public static TextRecipe recipe(JsonNode json) {
    JsonNode r = json.get(TEXT_RECIPE);
    return r == null || !r.isTextual() ? null : TextRecipe.parse(r.asText());
  }

  public static HyperParams fromJson(JsonNode json) {
    Map<Param, Double> v = new EnumMap<>(Param.class);
    for (Param p : Param.values()) {
      JsonNode n = json.get(p.key());
      if (n == null || !n.isNumber()) {
        throw new IllegalArgumentException("hyperparams " + json + " lack a number for " + p.key());
      }
      v.put(p, n.asDouble());
    }
    return of(v);
  }

  static HyperParams of(Map<Param, Double> v) {
    return new HyperParams(
        v.get(Param.HIDDEN).intValue(),
        v.get(Param.LR),
        v.get(Param.DROPOUT),
        v.get(Param.WEIGHT_DECAY),
        v.get(Param.BATCH_SIZE).intValue(),
        v.get(Param.EPOCHS).intValue(),
        v.get(Param.POS_WEIGHT),
        v.get(Param.PATIENCE).intValue());
  }

  /**
   * A readable key naming every value, e.g. {@code h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5};
   * equal keys mean equal configurations.
   */
  public static String configKey(HyperParams hp) {
    StringJoiner key = new StringJoiner("-");
    for (Param p : Param.values()) {
      key.add(abbreviation(p) + Param.fmt(p.valueIn(hp)));
    }
    return key.toString();
  }

  /**
   * The key of a configuration with its text recipe when that is part of it ({@code recipe}
   * non-null), e.g. {@code h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5-text=mean/last4_concat}.
   */
  public static String configKey(HyperParams hp, TextRecipe recipe) {
    return recipe == null ? configKey(hp) : configKey(hp) + "-text=" + recipe.id();
  }

  private static String abbreviation(Param p) {
    switch (p) {
      case HIDDEN:
        return "h";
      case LR:
        return "lr";
      case DROPOUT:
        return "do";
      case WEIGHT_DECAY:
        return "wd";
      case BATCH_SIZE:
        return "bs";
      case EPOCHS:
        return "ep";
      case POS_WEIGHT:
        return "pw";
      case PATIENCE:
        return "pa";
      default:
        throw new AssertionError(p);
    }
  }
}
