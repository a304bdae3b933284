package io.memefusion.sweep;

import io.memefusion.heads.HeadKind;
import io.memefusion.heads.HyperParams;
import io.memefusion.heads.TrialSpec;
import java.util.Objects;

/** One trial of a sweep before it runs: its place in the sweep, model, configuration and seed. */
public record TrialPlan(int ordinal, HeadKind model, String configKey, HyperParams hp, int seed) {
  public TrialPlan {
    Objects.requireNonNull(model, "model of trial " + ordinal);
    Objects.requireNonNull(configKey, "config key of trial " + ordinal);
    Objects.requireNonNull(hp, "hyperparameters of trial " + ordinal);
    if (ordinal < 0) {
      throw new IllegalArgumentException("trial ordinal must be >= 0, got " + ordinal);
    }
  }

  /** What the trainer needs of it. */
  public TrialSpec spec() {
    return new TrialSpec(model, hp, seed);
  }
}
