package io.memefusion.heads;

/**
 * Told about every finished epoch of every trial, in order, on the training thread (live progress,
 * per-epoch database rows). Must not call back into the trainer.
 */
@FunctionalInterface
public interface EpochListener {
  EpochListener NONE = (trial, epoch) -> {};

  void onEpoch(TrialSpec trial, EpochRecord epoch);
}
