package io.memefusion.sweep;

import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.HyperParams;
import java.util.Objects;

/**
 * A trial a worker has claimed. The worker owns it only under {@code attempt}: every write it makes
 * is checked against it, so a worker presumed dead cannot record a trial that was given to another.
 *
 * @param textRecipe the text features it trains on when its configuration names them (see {@link
 *     TrialPlan#textRecipe}); null: the sweep's only text recipe, or no text
 */
public record Claim(
    long trialId,
    long sweepId,
    int ordinal,
    HeadKind model,
    String configKey,
    HyperParams hp,
    int seed,
    int attempt,
    String worker,
    TextRecipe textRecipe) {
  public Claim {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(hp, "hyperparameters");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
  }
}
