package io.memefusion.dashboard.explore;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.dashboard.store.Scores;
import io.memefusion.dashboard.store.TrialRow;
import io.memefusion.results.MeanStd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A sweep's trials grouped into {@link Configuration}s, with the hyperparameters that take more
 * than one value in the sweep ({@link #varying}): the only ones worth a column, an axis or an
 * effect.
 *
 * @param categories the text-valued hyperparameters (a sweep's text recipe) with their values in
 *     order: a configuration's value of one is the index here, so that filters, axes and effects
 *     treat it like a number
 */
public record ConfigurationSet(
    List<Configuration> configurations,
    List<String> models,
    Map<String, List<Double>> varying,
    Map<String, List<String>> categories) {
  public ConfigurationSet {
    configurations = List.copyOf(configurations);
    models = List.copyOf(models);
    varying = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(varying));
    categories = Map.copyOf(categories);
  }

  /** A value of hyperparameter {@code key} as text (a category's name, or the number). */
  public String label(String key, double v) {
    List<String> names = categories.get(key);
    if (names != null && !Double.isNaN(v)) {
      return names.get((int) v);
    }
    return Configuration.plain(v);
  }

  /**
   * Groups {@code trials} (every trial of a sweep with its dev and test scores at one threshold
   * rule) by model and configuration key. {@code chosen}: model → configuration chosen on dev (the
   * result tables' choice); {@code models}: the study's model order.
   */
  public static ConfigurationSet of(
      List<TrialRow> trials, Map<String, String> chosen, List<String> models) {
    Map<String, List<TrialRow>> byConfig = new LinkedHashMap<>();
    Map<String, TreeSet<String>> texts = new TreeMap<>();
    for (TrialRow t : trials) {
      byConfig.computeIfAbsent(t.model() + "\n" + t.configKey(), k -> new ArrayList<>()).add(t);
      texts(t.hyperparams())
          .forEach((k, v) -> texts.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
    }
    Map<String, List<String>> categories = new TreeMap<>();
    texts.forEach((k, vs) -> categories.put(k, List.copyOf(vs)));
    Map<String, TreeSet<Double>> values = new TreeMap<>();
    for (TrialRow t : trials) {
      numbers(t.hyperparams(), categories)
          .forEach((k, v) -> values.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
    }
    Map<String, List<Double>> varying = new LinkedHashMap<>();
    values.forEach(
        (k, vs) -> {
          if (vs.size() > 1) {
            varying.put(k, List.copyOf(vs));
          }
        });
    List<Configuration> configs = new ArrayList<>();
    for (List<TrialRow> seeds : byConfig.values()) {
      configs.add(configuration(seeds, chosen, categories));
    }
    configs.sort(
        java.util.Comparator.comparingInt((Configuration c) -> order(models, c.model()))
            .thenComparing(ConfigurationSet::byAurocDescending));
    return new ConfigurationSet(configs, models, varying, categories);
  }

  private static int byAurocDescending(Configuration a, Configuration b) {
    return Double.compare(nanLow(b.meanDevAuroc()), nanLow(a.meanDevAuroc()));
  }

  static double nanLow(double v) {
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }

  private static int order(List<String> models, String model) {
    int i = models.indexOf(model);
    return i < 0 ? models.size() : i;
  }

  private static Configuration configuration(
      List<TrialRow> seeds, Map<String, String> chosen, Map<String, List<String>> categories) {
    TrialRow first = seeds.get(0);
    boolean isChosen = first.configKey().equals(chosen.get(first.model()));
    List<Long> ids = new ArrayList<>();
    List<Integer> seedNumbers = new ArrayList<>();
    List<Scores> dev = new ArrayList<>();
    List<Scores> test = new ArrayList<>();
    int pending = 0;
    for (TrialRow t : seeds) {
      if (!t.status().equals("done")) {
        pending++;
        continue;
      }
      ids.add(t.id());
      seedNumbers.add(t.seed());
      dev.add(t.dev());
      test.add(t.test());
    }
    return new Configuration(
        first.model(),
        first.configKey(),
        numbers(first.hyperparams(), categories),
        ids,
        seedNumbers,
        pending,
        values(dev, Scores::auroc),
        of(dev, Scores::auroc),
        of(dev, Scores::accuracy),
        of(dev, Scores::f1),
        isChosen,
        isChosen ? of(test, Scores::auroc) : null,
        isChosen ? of(test, Scores::accuracy) : null,
        isChosen ? of(test, Scores::f1) : null,
        texts(first.hyperparams()));
  }

  private interface Metric {
    Double of(Scores s);
  }

  private static MeanStd of(List<Scores> scores, Metric metric) {
    return Stats.meanStd(values(scores, metric));
  }

  private static List<Double> values(List<Scores> scores, Metric metric) {
    List<Double> xs = new ArrayList<>();
    for (Scores s : scores) {
      Double v = metric.of(s);
      if (v != null && !v.isNaN()) {
        xs.add(v);
      }
    }
    return xs;
  }

  /**
   * The hyperparameters of a trial as numbers: a text value (the text recipe) as its index in
   * {@code categories}.
   */
  static Map<String, Double> numbers(JsonNode hp, Map<String, List<String>> categories) {
    Map<String, Double> out = new TreeMap<>();
    if (hp != null) {
      for (Map.Entry<String, JsonNode> e : hp.properties()) {
        if (e.getValue().isNumber()) {
          out.put(e.getKey(), e.getValue().asDouble());
        } else if (e.getValue().isTextual() && categories.containsKey(e.getKey())) {
          out.put(e.getKey(), (double) categories.get(e.getKey()).indexOf(e.getValue().asText()));
        }
      }
    }
    return out;
  }

  /** The text-valued hyperparameters of a trial (e.g. its text recipe). */
  static Map<String, String> texts(JsonNode hp) {
    Map<String, String> out = new TreeMap<>();
    if (hp != null) {
      for (Map.Entry<String, JsonNode> e : hp.properties()) {
        if (e.getValue().isTextual()) {
          out.put(e.getKey(), e.getValue().asText());
        }
      }
    }
    return out;
  }

  /** Whether hyperparameter {@code key} takes texts (an axis of names, not of numbers). */
  public boolean categorical(String key) {
    return categories.containsKey(key);
  }

  /** The configurations of one model (all when {@code model} is null). */
  public List<Configuration> of(String model) {
    return model == null
        ? configurations
        : configurations.stream().filter(c -> c.model().equals(model)).toList();
  }

  public Set<String> varyingKeys() {
    return varying.keySet();
  }

  /** Models that have at least one configuration. */
  public List<String> presentModels() {
    return models.stream().filter(m -> !of(m).isEmpty()).toList();
  }
}
