package io.memefusion.dashboard.store;

/**
 * A hyperparameter key of a sweep, how many distinct values its trials use, and one of them as JSON
 * text. Keys with one value are shown once above the trials table instead of as a column.
 */
public record HyperparamSpread(String key, int distinctValues, String sample) {
  public boolean varies() {
    return distinctValues > 1;
  }
}
