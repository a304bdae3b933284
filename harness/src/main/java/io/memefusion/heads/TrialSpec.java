package io.memefusion.heads;

import java.util.Objects;

/**
 * One trial of a sweep: which head, its hyperparameters and its seed (init, shuffling, dropout).
 */
public record TrialSpec(HeadKind kind, HyperParams hp, long seed) {
  public TrialSpec {
    Objects.requireNonNull(kind, "head kind");
    Objects.requireNonNull(hp, "hyperparameters of " + kind.dbName() + " seed " + seed);
  }

  @Override
  public String toString() {
    return kind.dbName() + " seed=" + seed + " " + hp;
  }
}
