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

  /**
   * What trials must share to train in one graph ({@link HeadTrainer#trainGroup}): head, hidden
   * size, learning rate, batch size and seed — the last two fix the mini-batches, the others the
   * shapes and the optimizer step. Dropout, weight decay, pos_weight, epochs and patience may
   * differ.
   */
  public record GraphKey(
      HeadKind kind, int hidden, double learningRate, int batchSize, long seed) {}

  public GraphKey graphKey() {
    return new GraphKey(kind, hp.hidden(), hp.learningRate(), hp.batchSize(), seed);
  }

  @Override
  public String toString() {
    return kind.dbName() + " seed=" + seed + " " + hp;
  }
}
