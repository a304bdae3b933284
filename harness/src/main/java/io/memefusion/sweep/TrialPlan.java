package io.memefusion.sweep;

import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.HyperParams;
import io.memefusion.heads.TrialSpec;
import java.util.Objects;

/**
 * One trial of a sweep before it runs: its place in the sweep, model, configuration and seed.
 *
 * @param textRecipe the text recipe when it is part of the configuration (the sweep compares
 *     recipes, or uses a non-default one, and the model uses text); null otherwise
 */
public record TrialPlan(
    int ordinal,
    HeadKind model,
    String configKey,
    HyperParams hp,
    int seed,
    TextRecipe textRecipe) {
  public TrialPlan {
    Objects.requireNonNull(model, "model of trial " + ordinal);
    Objects.requireNonNull(configKey, "config key of trial " + ordinal);
    Objects.requireNonNull(hp, "hyperparameters of trial " + ordinal);
    if (ordinal < 0) {
      throw new IllegalArgumentException("trial ordinal must be >= 0, got " + ordinal);
    }
    if (textRecipe != null && !model.usesText()) {
      throw new IllegalArgumentException(
          "trial " + ordinal + ": " + model.dbName() + " uses no text, got a text recipe");
    }
  }

  /** What the trainer needs of it. */
  public TrialSpec spec() {
    return new TrialSpec(model, hp, seed);
  }
}
