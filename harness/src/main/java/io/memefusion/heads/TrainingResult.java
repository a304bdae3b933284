package io.memefusion.heads;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What training one trial produced: every epoch run, the epoch whose weights {@code head} carries
 * (best dev AUROC, earliest on ties), the trained head (caller closes it), and the training time.
 * For trials trained together ({@link HeadTrainer#trainGroup}) {@code trainTime} is the group's
 * wall time divided by the group size.
 */
public record TrainingResult(
    TrialSpec spec, List<EpochRecord> epochs, int bestEpoch, TrainedHead head, Duration trainTime) {
  public TrainingResult {
    Objects.requireNonNull(spec, "spec");
    epochs = List.copyOf(epochs);
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(trainTime, "trainTime");
    if (bestEpoch < 1 || bestEpoch > epochs.size()) {
      throw new IllegalArgumentException(
          "best epoch " + bestEpoch + " outside 1.." + epochs.size() + " for " + spec);
    }
  }

  /** The epoch whose weights the head carries. */
  public EpochRecord best() {
    return epochs.get(bestEpoch - 1);
  }
}
