package io.memefusion.eval;

/** The reported metrics; hateful is the positive class. */
public enum Metric {
  ACCURACY("accuracy"),
  PRECISION("precision"),
  RECALL("recall"),
  F1("f1"),
  AUROC("auroc");

  private final String column;

  Metric(String column) {
    this.column = column;
  }

  /** Column name in {@code trial_metric} and in CSV exports. */
  public String column() {
    return column;
  }
}
