package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.IntervalScale;
import io.memefusion.dashboard.charts.ParallelChart;
import io.memefusion.dashboard.explore.Configuration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sweep page's configurations table, parallel coordinates and hyperparameter effects, for one
 * {@link ExploreQuery}.
 *
 * @param columns the hyperparameters that vary in the sweep, the only ones shown as columns
 * @param fixed the others, as "key value" once above the table
 */
public record ExploreView(
    ExploreQuery query,
    List<String> models,
    List<String> columns,
    String fixed,
    List<Filter> filters,
    List<Configuration> rows,
    int total,
    int all,
    int pages,
    ParallelChart plot,
    String plotNote,
    List<ModelEffects> effects) {
  public ExploreView {
    models = List.copyOf(models);
    columns = List.copyOf(columns);
    filters = List.copyOf(filters);
    rows = List.copyOf(rows);
    effects = List.copyOf(effects);
  }

  /** The values a hyperparameter filter offers, and the one chosen (null: any). */
  public record Filter(String key, List<String> values, String selected) {
    public Filter {
      values = List.copyOf(values);
    }
  }

  /** One model's ranking of hyperparameters by the share of variance they explain. */
  public record ModelEffects(
      String model, String label, int configurations, IntervalScale scale, List<Effect> effects) {
    public ModelEffects {
      effects = List.copyOf(effects);
    }
  }

  /** {@code shareWidth}: the share as a bar 0..100 wide. */
  public record Effect(String key, String share, double shareWidth, List<Level> levels) {
    public Effect {
      levels = List.copyOf(levels);
    }
  }

  public record Level(
      String value,
      int configurations,
      int trials,
      String mean,
      String range,
      IntervalScale.Strip strip,
      String label) {}

  /** A hyperparameter's value as the table shows it. */
  public static String value(Configuration c, String key) {
    return c.label(key);
  }

  /** The configuration's page: its seeds' epoch curves. */
  public String configurationHref(Configuration c) {
    return configurationHref(query.sweepId(), c.model(), c.configKey());
  }

  public static String configurationHref(long sweepId, String model, String configKey) {
    return "/sweeps/"
        + sweepId
        + "/configurations/"
        + URLEncoder.encode(model, StandardCharsets.UTF_8)
        + "/"
        + URLEncoder.encode(configKey, StandardCharsets.UTF_8);
  }

  /** The trials table of the same sweep, filtered to the model (one click from a row). */
  public String trialsHref(String model) {
    return "/sweeps/"
        + query.sweepId()
        + "?rule="
        + query.rule().dbName()
        + "&model="
        + URLEncoder.encode(model, StandardCharsets.UTF_8)
        + "#trials";
  }

  /** "sort-dev_auroc" style ids for the headers. */
  public static String sortId(String sort) {
    return "csort-" + sort.replace('.', '-');
  }

  public String arrow(String sort) {
    return !sort.equals(query.sort()) ? "" : query.descending() ? "▼" : "▲";
  }
}
