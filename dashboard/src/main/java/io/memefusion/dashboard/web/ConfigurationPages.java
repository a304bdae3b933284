package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.ChartBuilder;
import io.memefusion.dashboard.charts.LineChart;
import io.memefusion.dashboard.explore.Configuration;
import io.memefusion.dashboard.explore.ConfigurationSet;
import io.memefusion.dashboard.store.DashboardDao;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.store.SeedEpochRow;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.results.Fmt;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds a configuration's page: all seeds' dev AUROC and losses per epoch, kept epochs marked. */
public final class ConfigurationPages {
  /** Seed colours cycle through this many CSS classes. */
  static final int SEED_COLOURS = 8;

  private final DashboardStore store;

  public ConfigurationPages(DashboardStore store) {
    this.store = store;
  }

  public Optional<ConfigurationView> configuration(
      long sweepId, String model, String configKey, ThresholdRule rule) {
    return store.read(
        h -> {
          DashboardDao dao = h.attach(DashboardDao.class);
          Optional<SweepSummary> sweep = dao.sweep(sweepId);
          Optional<SweepResults> results = SweepResultsQuery.find(h, sweepId);
          if (sweep.isEmpty() || results.isEmpty()) {
            return Optional.empty();
          }
          ConfigurationSet set =
              ExplorePages.configurations(
                  h, sweepId, rule, results.get(), SweepPages.orderedModels(dao.models(sweepId)));
          Optional<Configuration> found =
              set.configurations().stream()
                  .filter(c -> c.model().equals(model) && c.configKey().equals(configKey))
                  .findFirst();
          if (found.isEmpty()) {
            return Optional.empty();
          }
          List<SeedEpochRow> epochs = dao.configurationEpochs(sweepId, model, configKey);
          return Optional.of(view(sweep.get(), found.get(), set, epochs, rule));
        });
  }

  private static ConfigurationView view(
      SweepSummary sweep,
      Configuration c,
      ConfigurationSet set,
      List<SeedEpochRow> epochs,
      ThresholdRule rule) {
    List<TrialView.Param> varying = new ArrayList<>();
    List<TrialView.Param> fixed = new ArrayList<>();
    new TreeMap<>(c.values())
        .forEach(
            (k, v) ->
                (set.varyingKeys().contains(k) ? varying : fixed)
                    .add(new TrialView.Param(k, c.label(k))));
    Map<Long, List<SeedEpochRow>> byTrial = new LinkedHashMap<>();
    for (SeedEpochRow e : epochs) {
      byTrial.computeIfAbsent(e.trialId(), k -> new ArrayList<>()).add(e);
    }
    ChartBuilder auroc =
        new ChartBuilder("Dev AUROC per epoch, every seed", "epoch", "dev AUROC").integerX();
    ChartBuilder loss =
        new ChartBuilder("Loss per epoch, every seed (solid: train, dashed: dev)", "epoch", "loss")
            .integerX();
    List<ConfigurationView.Seed> seeds = new ArrayList<>();
    int i = 0;
    for (List<SeedEpochRow> rows : byTrial.values()) {
      SeedEpochRow first = rows.get(0);
      String css = "seed-" + (i++ % SEED_COLOURS);
      String who = "seed " + first.seed() + " (trial #" + first.trialId() + ")";
      List<double[]> a = new ArrayList<>();
      List<double[]> train = new ArrayList<>();
      List<double[]> dev = new ArrayList<>();
      Double kept = null;
      for (SeedEpochRow e : rows) {
        a.add(new double[] {e.epoch(), nan(e.devAuroc())});
        train.add(new double[] {e.epoch(), e.trainLoss()});
        dev.add(new double[] {e.epoch(), nan(e.devLoss())});
        if (first.bestEpoch() != null && e.epoch() == first.bestEpoch()) {
          kept = e.devAuroc();
          auroc.dot(
              e.epoch(),
              nan(e.devAuroc()),
              css,
              who + ": kept epoch " + e.epoch() + ", dev AUROC " + Fmt.num(nan(e.devAuroc())));
          loss.dot(
              e.epoch(),
              nan(e.devLoss()),
              css,
              who + ": kept epoch " + e.epoch() + ", dev loss " + Fmt.num(nan(e.devLoss())));
        }
      }
      auroc.series(who + " dev AUROC", css, a);
      loss.series(who + " train loss", css, train);
      loss.series(who + " dev loss", css + " dashed", dev);
      seeds.add(
          new ConfigurationView.Seed(
              first.trialId(),
              first.seed(),
              first.status(),
              first.bestEpoch() == null ? Fmt.NONE : first.bestEpoch().toString(),
              rows.size(),
              kept == null ? Fmt.NONE : Fmt.num(kept),
              css));
    }
    LineChart aurocChart = auroc.build();
    LineChart lossChart = loss.build();
    String back =
        "/sweeps/"
            + sweep.id()
            + "?rule="
            + rule.dbName()
            + "&cmodel="
            + java.net.URLEncoder.encode(c.model(), java.nio.charset.StandardCharsets.UTF_8)
            + "#configurations";
    return new ConfigurationView(sweep, c, varying, fixed, seeds, aurocChart, lossChart, back);
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }
}
