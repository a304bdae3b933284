package io.memefusion.sweep;

import io.memefusion.heads.LabeledFeatures;
import io.memefusion.heads.ProbaFunction;
import java.util.List;

/**
 * Told about each trial right after its chosen checkpoint was scored and recorded, while the
 * trained head is still open: evaluation-time analyses that need the model itself (permuting one
 * modality's features to measure reliance on it) hook in here without the runner knowing them.
 */
@FunctionalInterface
public interface ScoredTrialListener {
  ScoredTrialListener NONE = (trialId, head, splits) -> {};

  /** {@code splits}: the evaluation splits (dev, test, extras), not the train hold-out. */
  void scored(long trialId, ProbaFunction head, List<LabeledFeatures> splits);
}
