package io.memefusion.dashboard.store;

import com.fasterxml.jackson.databind.JsonNode;

/** A row of a sweep's trials table: the trial and its dev and test scores under one rule. */
public record TrialRow(
    long id,
    int ordinal,
    String model,
    String configKey,
    int seed,
    String status,
    Integer bestEpoch,
    JsonNode hyperparams,
    Scores dev,
    Scores test) {

  /** A hyperparameter's value as shown in the table ("" when the trial lacks it). */
  public String hyperparam(String key) {
    return JsonText.of(hyperparams.get(key));
  }
}
