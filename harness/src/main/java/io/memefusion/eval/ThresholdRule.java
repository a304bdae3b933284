package io.memefusion.eval;

/** How the decision threshold of the thresholded metrics was chosen. */
public enum ThresholdRule {
  /** The lab's rule: probability at least 0.5 means hateful. */
  FIXED_05("fixed_0.5"),
  /** Chosen for best F1 on a stratified slice held out from train (neither dev nor test). */
  TRAIN_HOLDOUT("train_holdout");

  private final String dbName;

  ThresholdRule(String dbName) {
    this.dbName = dbName;
  }

  /** The name stored in {@code trial_metric.threshold_rule} and shown in exports. */
  public String dbName() {
    return dbName;
  }

  public static ThresholdRule fromDbName(String name) {
    for (ThresholdRule r : values()) {
      if (r.dbName.equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown threshold rule: " + name);
  }
}
