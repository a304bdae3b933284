package io.memefusion.dashboard.explore;

import io.memefusion.results.MeanStd;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One configuration of a sweep (a model and its hyperparameters) with its seeds grouped: dev
 * metrics at each trial's kept (best-on-dev) epoch as mean ± std over the finished seeds; test
 * metrics only for the configuration chosen on dev ({@code chosen}), null otherwise.
 *
 * @param values every hyperparameter's value: the stored JSON numbers, and for a text-valued one
 *     (the text recipe) its index in {@link ConfigurationSet#categories}
 * @param texts the text-valued hyperparameters as stored (e.g. text_recipe → mean/last)
 * @param trialIds the finished trials, by seed
 * @param pending trials of the configuration not finished (queued, running or failed)
 * @param devAurocs the dev AUROC of each finished seed that has one
 * @param devAuroc null while no seed has a dev AUROC
 */
public record Configuration(
    String model,
    String configKey,
    Map<String, Double> values,
    List<Long> trialIds,
    List<Integer> seeds,
    int pending,
    List<Double> devAurocs,
    MeanStd devAuroc,
    MeanStd devAccuracy,
    MeanStd devF1,
    boolean chosen,
    MeanStd testAuroc,
    MeanStd testAccuracy,
    MeanStd testF1,
    Map<String, String> texts) {
  public Configuration {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(configKey, "configuration key");
    values = Map.copyOf(values);
    trialIds = List.copyOf(trialIds);
    seeds = List.copyOf(seeds);
    devAurocs = List.copyOf(devAurocs);
    texts = Map.copyOf(texts);
  }

  /** Finished seeds. */
  public int n() {
    return trialIds.size();
  }

  /** Mean dev AUROC, NaN while none: what configurations are ranked by. */
  public double meanDevAuroc() {
    return devAuroc == null ? Double.NaN : devAuroc.mean();
  }

  /** A hyperparameter as text: the stored text, or the number plainly; "" when it has none. */
  public String label(String key) {
    String text = texts.get(key);
    if (text != null) {
      return text;
    }
    return plain(value(key));
  }

  /** 0.0003 not 3.0E-4, 32 not 32.0; "" for NaN. */
  public static String plain(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Math.abs(v) < 1e-300) {
      return "0";
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  public double value(String key) {
    Double v = values.get(key);
    return v == null ? Double.NaN : v;
  }
}
