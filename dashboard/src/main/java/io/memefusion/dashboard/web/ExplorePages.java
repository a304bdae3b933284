package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.IntervalScale;
import io.memefusion.dashboard.charts.ParallelChart;
import io.memefusion.dashboard.charts.ParallelCoordinates;
import io.memefusion.dashboard.charts.ParallelCoordinates.Dimension;
import io.memefusion.dashboard.explore.Configuration;
import io.memefusion.dashboard.explore.ConfigurationSet;
import io.memefusion.dashboard.explore.HyperparamEffects;
import io.memefusion.dashboard.store.SplitRoles;
import io.memefusion.dashboard.store.TrialRow;
import io.memefusion.dashboard.store.TrialsQuery;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.results.Fmt;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jdbi.v3.core.Handle;

/**
 * Builds a sweep page's configurations table, parallel coordinates and hyperparameter effects from
 * every trial of the sweep, grouped by configuration ({@link ConfigurationSet}).
 */
public final class ExplorePages {
  static final int PAGE_SIZE = 20;

  /** Learning rate and weight decay are searched by factors: their axes are logarithmic. */
  static final Set<String> LOG_AXES = Set.of("lr", "weight_decay");

  private ExplorePages() {}

  /** The state in a request's query parameters; unknown values fall back to the defaults. */
  public static ExploreQuery query(
      long sweepId, ThresholdRule rule, Map<String, List<String>> params) {
    Map<String, String> filters = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (k.startsWith("hp.") && !v.isEmpty() && !v.get(0).isBlank()) {
            filters.put(k.substring(3), v.get(0));
          }
        });
    String sort = first(params, "csort");
    boolean known =
        sort != null
            && (List.of("dev_auroc", "dev_accuracy", "dev_f1", "n").contains(sort)
                || sort.startsWith("hp."));
    return new ExploreQuery(
        sweepId,
        rule,
        first(params, "cmodel"),
        filters,
        known ? sort : ExploreQuery.DEFAULT_SORT,
        !"asc".equals(first(params, "cdir")),
        positive(first(params, "cpage"), 1),
        first(params, "pmodel"),
        ExploreQuery.TOPS.contains(positive(first(params, "top"), 0))
            ? positive(first(params, "top"), 0)
            : 0);
  }

  /** Every configuration of a sweep with its metrics under {@code rule}. */
  public static ConfigurationSet configurations(
      Handle h, long sweepId, ThresholdRule rule, SweepResults results, List<String> models) {
    SplitRoles roles = SplitRoles.of(h, sweepId);
    List<TrialRow> trials = TrialsQuery.all(h, new TrialsQuery.Filter(sweepId, roles, rule, null));
    return ConfigurationSet.of(trials, chosen(results), models);
  }

  /** model → the configuration chosen on dev, as the result tables chose it. */
  static Map<String, String> chosen(SweepResults results) {
    Map<String, String> chosen = new LinkedHashMap<>();
    for (ResultTable t : results.devTables()) {
      for (ModelRow r : t.rows()) {
        chosen.putIfAbsent(r.model(), r.configKey());
      }
    }
    return chosen;
  }

  public static ExploreView view(ConfigurationSet set, ExploreQuery raw) {
    List<String> models = set.presentModels();
    ExploreQuery q = raw;
    if (q.model() != null && !models.contains(q.model())) {
      q = q.withModel(null);
    }
    if (q.plotModel() != null && !models.contains(q.plotModel())) {
      q = q.withPlotModel(null);
    }
    List<String> columns = new ArrayList<>(set.varyingKeys());
    List<ExploreView.Filter> filters = new ArrayList<>();
    for (String key : columns) {
      List<String> values = set.varying().get(key).stream().map(v -> set.label(key, v)).toList();
      String selected = q.filters().get(key);
      filters.add(new ExploreView.Filter(key, values, values.contains(selected) ? selected : null));
    }
    for (String key : q.filters().keySet()) {
      if (!columns.contains(key)
          || !set.varying().get(key).stream()
              .map(v -> set.label(key, v))
              .toList()
              .contains(q.filters().get(key))) {
        q = q.withFilter(key, null); // a filter on a value the sweep does not have: ignored
      }
    }
    if (q.sort().startsWith("hp.") && !columns.contains(q.sort().substring(3))) {
      q = q.withSort(ExploreQuery.DEFAULT_SORT);
    }
    final ExploreQuery fq = q;
    List<Configuration> matching =
        set.of(q.model()).stream()
            .filter(
                c ->
                    fq.filters().entrySet().stream()
                        .allMatch(e -> c.label(e.getKey()).equals(e.getValue())))
            .sorted(comparator(q))
            .toList();
    int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    if (q.page() > pages) {
      q = q.withPage(pages);
    }
    int from = (q.page() - 1) * PAGE_SIZE;
    List<Configuration> rows = matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE));
    List<Configuration> plotted = plotted(set, q);
    return new ExploreView(
        q,
        models,
        columns,
        fixed(set),
        filters,
        rows,
        matching.size(),
        set.configurations().size(),
        pages,
        plot(set, plotted, q),
        plotted.size()
            + " of "
            + set.of(q.plotModel()).size()
            + " configurations"
            + (q.plotModel() == null ? "" : " of " + Fmt.model(q.plotModel())),
        effects(set));
  }

  private static Comparator<Configuration> comparator(ExploreQuery q) {
    ToDoubleFunction<Configuration> key;
    switch (q.sort()) {
      case "dev_accuracy":
        key = c -> mean(c.devAccuracy());
        break;
      case "dev_f1":
        key = c -> mean(c.devF1());
        break;
      case "n":
        key = Configuration::n;
        break;
      case "dev_auroc":
        key = Configuration::meanDevAuroc;
        break;
      default:
        String hp = q.sort().substring(3);
        key = c -> c.value(hp);
    }
    Comparator<Configuration> c =
        Comparator.comparingDouble(x -> nanLast(key.applyAsDouble(x), q.descending()));
    if (q.descending()) {
      c = c.reversed();
    }
    // ties: the better configuration first, then a stable key
    return c.thenComparing(
            Comparator.comparingDouble((Configuration x) -> nanLast(x.meanDevAuroc(), true))
                .reversed())
        .thenComparing(Configuration::model)
        .thenComparing(Configuration::configKey);
  }

  /** NaN sorts last whichever the direction. */
  private static double nanLast(double v, boolean descending) {
    if (Double.isNaN(v)) {
      return descending ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return v;
  }

  private static double mean(MeanStd m) {
    return m == null ? Double.NaN : m.mean();
  }

  private static String fixed(ConfigurationSet set) {
    if (set.configurations().isEmpty()) {
      return "";
    }
    StringJoiner out = new StringJoiner(" · ");
    Configuration first = set.configurations().get(0);
    new TreeMap<>(first.values())
        .forEach(
            (k, v) -> {
              if (!set.varyingKeys().contains(k)) {
                out.add(k + " " + first.label(k));
              }
            });
    return out.toString();
  }

  /** The plot's configurations: the model filter, then the top k by mean dev AUROC. */
  private static List<Configuration> plotted(ConfigurationSet set, ExploreQuery q) {
    List<Configuration> cs =
        set.of(q.plotModel()).stream()
            .filter(c -> !Double.isNaN(c.meanDevAuroc()))
            .sorted(Comparator.comparingDouble(Configuration::meanDevAuroc).reversed())
            .toList();
    return q.top() > 0 && cs.size() > q.top() ? cs.subList(0, q.top()) : cs;
  }

  private static ParallelChart plot(
      ConfigurationSet set, List<Configuration> plotted, ExploreQuery q) {
    List<Dimension> dims = new ArrayList<>();
    List<String> models = set.presentModels();
    boolean modelAxis = q.plotModel() == null && models.size() > 1;
    if (modelAxis) {
      dims.add(
          Dimension.categorical("model", models.stream().map(ExplorePages::shortModel).toList()));
    }
    List<String> keys = new ArrayList<>(set.varyingKeys());
    for (String k : keys) {
      dims.add(
          set.categorical(k)
              ? Dimension.categorical(k, set.categories().get(k))
              : Dimension.numeric(LOG_AXES.contains(k) ? k + " (log)" : k, LOG_AXES.contains(k)));
    }
    dims.add(Dimension.numeric("mean dev AUROC", false));
    List<ParallelCoordinates.Row> rows = new ArrayList<>();
    for (Configuration c : plotted) {
      double[] v = new double[dims.size()];
      int d = 0;
      if (modelAxis) {
        v[d++] = models.indexOf(c.model());
      }
      for (String k : keys) {
        v[d++] = c.value(k);
      }
      v[d] = c.meanDevAuroc();
      rows.add(
          new ParallelCoordinates.Row(
              v,
              Fmt.model(c.model())
                  + " · "
                  + c.configKey()
                  + " · dev AUROC "
                  + Fmt.meanStd(c.devAuroc())
                  + " over "
                  + c.n()
                  + " seed(s)"
                  + (c.chosen() ? " · chosen on dev" : ""),
              c.chosen()));
    }
    return ParallelCoordinates.build(
        "Parallel coordinates: configurations by mean dev AUROC", dims, rows, "%.3f");
  }

  private static String shortModel(String model) {
    switch (model) {
      case "early_fusion":
        return "early";
      case "late_fusion":
        return "late";
      default:
        return model;
    }
  }

  private static List<ExploreView.ModelEffects> effects(ConfigurationSet set) {
    // levels of a text-valued hyperparameter (the text recipe) are named, not numbered
    List<ExploreView.ModelEffects> out = new ArrayList<>();
    for (HyperparamEffects.ModelEffects m : HyperparamEffects.of(set)) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (HyperparamEffects.Effect e : m.effects()) {
        for (HyperparamEffects.Level l : e.levels()) {
          lo = Math.min(lo, Math.min(l.low(), l.mean()));
          hi = Math.max(hi, Math.max(l.high(), l.mean()));
        }
      }
      if (m.effects().isEmpty() || !(hi >= lo)) {
        continue;
      }
      IntervalScale scale = IntervalScale.fit(lo, hi, 0.5);
      List<ExploreView.Effect> effects = new ArrayList<>();
      for (HyperparamEffects.Effect e : m.effects()) {
        List<ExploreView.Level> levels = new ArrayList<>();
        for (HyperparamEffects.Level l : e.levels()) {
          String range = "[" + Fmt.num(l.low()) + ", " + Fmt.num(l.high()) + "]";
          String value = set.label(e.key(), l.value());
          levels.add(
              new ExploreView.Level(
                  value,
                  l.configurations(),
                  l.trials(),
                  Fmt.num(l.mean()),
                  range,
                  scale.strip(l.low(), l.high(), l.mean()),
                  e.key()
                      + " "
                      + value
                      + ": mean dev AUROC "
                      + Fmt.num(l.mean())
                      + ", trials range "
                      + range));
        }
        double share = e.share();
        effects.add(
            new ExploreView.Effect(
                e.key(),
                Double.isNaN(share) ? Fmt.NONE : Fmt.pct(share),
                Double.isNaN(share) ? 0 : 100 * Math.max(0, Math.min(1, share)),
                levels));
      }
      out.add(
          new ExploreView.ModelEffects(
              m.model(), Fmt.model(m.model()), m.configurations(), scale, effects));
    }
    return out;
  }

  /** 0.0003 not 3.0E-4, 32 not 32.0. */
  public static String plain(double v) {
    return Configuration.plain(v);
  }

  private static String first(Map<String, List<String>> params, String key) {
    List<String> v = params.get(key);
    return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
  }

  private static int positive(String s, int fallback) {
    try {
      return s == null ? fallback : Math.max(1, Integer.parseInt(s.strip()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }
}
