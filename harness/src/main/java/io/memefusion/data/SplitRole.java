package io.memefusion.data;

/** What a split is used for in the study. Test is scored once, at the end. */
public enum SplitRole {
  TRAIN,
  DEV,
  TEST,
  /** Present but not used for selection or the final table (e.g. dev_unseen beside dev_seen). */
  EXTRA;

  public String dbName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
