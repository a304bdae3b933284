package io.memefusion.dashboard.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.store.SplitRoles;
import io.memefusion.dashboard.store.SweepDao;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.MeanStd;
import io.memefusion.export.ModelRow;
import io.memefusion.export.ResultTable;
import io.memefusion.export.SweepResults;
import io.memefusion.heads.HeadKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The dev and test tables of a sweep from its finished trials: per model the configuration with the
 * best mean dev AUROC over seeds, then each metric as mean ± sample std over that configuration's
 * seeds, on dev and on test, per threshold rule.
 *
 * <p>Until the sweep module's export code is on main the dashboard computes the tables here, by the
 * rules that code documents; {@link TableText} writes the export files.
 */
public final class StoredSweepReport implements SweepReport {
  private final DashboardStore store;

  public StoredSweepReport(DashboardStore store) {
    this.store = store;
  }

  /** One finished trial's metrics on one split under one rule. */
  public record Scored(
      long trialId,
      String model,
      String configKey,
      JsonNode hyperparams,
      String split,
      String thresholdRule,
      double accuracy,
      double precision,
      double recall,
      double f1,
      Double auroc) {
    double get(Metric m) {
      switch (m) {
        case ACCURACY:
          return accuracy;
        case PRECISION:
          return precision;
        case RECALL:
          return recall;
        case F1:
          return f1;
        default:
          return auroc == null ? Double.NaN : auroc;
      }
    }
  }

  @Override
  public Optional<SweepResults> results(long sweepId) {
    return store.read(h -> compute(h, sweepId));
  }

  @Override
  public String export(SweepResults results, ExportFormat format) {
    return TableText.render(results, format);
  }

  private static Optional<SweepResults> compute(Handle h, long sweepId) {
    SweepDao dao = h.attach(SweepDao.class);
    Optional<String> name = dao.sweep(sweepId).map(s -> s.name());
    if (name.isEmpty()) {
      return Optional.empty();
    }
    SplitRoles roles = SplitRoles.of(dao.datasetSplits(sweepId), dao.metricSplits(sweepId));
    List<Scored> scored =
        h.createQuery(
                "SELECT t.id AS trial_id, t.model, t.config_key, t.hyperparams, m.split,"
                    + " m.threshold_rule, m.accuracy, m.precision, m.recall, m.f1, m.auroc"
                    + " FROM trial t JOIN trial_metric m ON m.trial_id = t.id"
                    + " WHERE t.sweep_id = :sweep AND t.status = 'done'"
                    + " ORDER BY t.ordinal")
            .bind("sweep", sweepId)
            .map(ConstructorMapper.of(Scored.class))
            .list();
    Map<String, String> chosen = chooseOnDev(scored, roles.dev());
    List<ResultTable> dev = new ArrayList<>();
    List<ResultTable> test = new ArrayList<>();
    for (ThresholdRule rule : ThresholdRule.values()) {
      dev.add(table("dev", roles.dev(), rule, scored, chosen));
      test.add(table("test", roles.test(), rule, scored, chosen));
    }
    return Optional.of(new SweepResults(sweepId, name.get(), dev, test));
  }

  /** Model to configuration key with the highest mean dev AUROC (ties: the smaller key). */
  private static Map<String, String> chooseOnDev(List<Scored> scored, String devSplit) {
    Map<String, String> chosen = new LinkedHashMap<>();
    if (devSplit == null) {
      return chosen;
    }
    Map<String, Map<String, List<Double>>> devAuroc = new LinkedHashMap<>();
    for (Scored s : scored) {
      // AUROC does not depend on the threshold: read it from one rule's row only
      if (s.split().equals(devSplit)
          && s.thresholdRule().equals(ThresholdRule.FIXED_05.dbName())
          && s.auroc() != null) {
        devAuroc
            .computeIfAbsent(s.model(), k -> new LinkedHashMap<>())
            .computeIfAbsent(s.configKey(), k -> new ArrayList<>())
            .add(s.auroc());
      }
    }
    devAuroc.forEach(
        (model, configs) ->
            configs.entrySet().stream()
                .max(
                    Comparator.comparingDouble(
                            (Map.Entry<String, List<Double>> e) -> mean(e.getValue()))
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .ifPresent(e -> chosen.put(model, e.getKey())));
    return chosen;
  }

  private static ResultTable table(
      String role,
      String split,
      ThresholdRule rule,
      List<Scored> scored,
      Map<String, String> chosen) {
    if (split == null) {
      return new ResultTable(role, rule, List.of(), "this sweep has no " + role + " split");
    }
    List<ModelRow> rows = new ArrayList<>();
    for (HeadKind kind : HeadKind.values()) {
      String config = chosen.get(kind.dbName());
      if (config == null) {
        continue;
      }
      List<Scored> seeds =
          scored.stream()
              .filter(
                  s ->
                      s.model().equals(kind.dbName())
                          && s.configKey().equals(config)
                          && s.split().equals(split)
                          && s.thresholdRule().equals(rule.dbName()))
              .collect(Collectors.toList());
      if (seeds.isEmpty()) {
        continue;
      }
      Map<Metric, MeanStd> metrics = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        List<Double> values =
            seeds.stream().map(s -> s.get(m)).filter(v -> !Double.isNaN(v)).toList();
        if (!values.isEmpty()) {
          metrics.put(m, meanStd(values));
        }
      }
      rows.add(
          new ModelRow(
              kind.dbName(),
              config,
              seeds.get(0).hyperparams(),
              seeds.stream().map(Scored::trialId).toList(),
              metrics));
    }
    String note =
        rows.isEmpty()
            ? "no finished trial has " + split + " metrics yet"
            : rows.stream().anyMatch(r -> !r.metrics().containsKey(Metric.AUROC))
                ? split + " has no labels for AUROC"
                : "";
    return new ResultTable(split, rule, rows, note);
  }

  static MeanStd meanStd(List<Double> values) {
    double mean = mean(values);
    int n = values.size();
    if (n == 1) {
      return new MeanStd(mean, 0, 1);
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return new MeanStd(mean, Math.sqrt(ss / (n - 1)), n);
  }

  private static double mean(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }
}
