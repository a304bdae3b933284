package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.LineChart;
import io.memefusion.dashboard.explore.Configuration;
import io.memefusion.dashboard.store.SweepSummary;
import java.util.List;

/**
 * A configuration's page: its hyperparameters (the varying ones first), metrics over seeds, and
 * every seed's epoch curves overlaid with the kept epochs marked.
 */
public record ConfigurationView(
    SweepSummary sweep,
    Configuration configuration,
    List<TrialView.Param> varying,
    List<TrialView.Param> fixed,
    List<Seed> seeds,
    LineChart auroc,
    LineChart loss,
    String backHref) {
  public ConfigurationView {
    varying = List.copyOf(varying);
    fixed = List.copyOf(fixed);
    seeds = List.copyOf(seeds);
  }

  /** The hyperparameters every configuration shares, as "key value · key value". */
  public String fixedText() {
    return String.join(" · ", fixed.stream().map(p -> p.key() + " " + p.value()).toList());
  }

  /** A seed's trial: its kept epoch, epochs run and dev AUROC at the kept epoch. */
  public record Seed(
      long trialId,
      int seed,
      String status,
      String keptEpoch,
      int epochs,
      String devAuroc,
      String cssClass) {}
}
