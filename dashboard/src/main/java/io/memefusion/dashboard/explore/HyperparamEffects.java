package io.memefusion.dashboard.explore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much each varying hyperparameter moves mean dev AUROC, per model.
 *
 * <p><b>Levels.</b> For each value of a hyperparameter: the configurations of the model that use
 * it, their mean dev AUROC (the mean of the configuration means) and, as the interval over the
 * other settings and seeds, the lowest and highest dev AUROC of any finished trial with that value.
 *
 * <p><b>Variance share.</b> With y_c the mean dev AUROC of configuration c (over its seeds), ȳ the
 * mean of all y_c of the model, and ȳ_v the mean of the y_c whose hyperparameter has value v (n_v
 * of them): share = Σ_v n_v (ȳ_v − ȳ)² / Σ_c (y_c − ȳ)², the between-group sum of squares of the
 * configuration means over their total sum of squares (η², a main effect). In a full grid the
 * shares of all hyperparameters add up to at most 1; what is left is their interactions. Seed noise
 * is not in it: it was averaged inside each y_c. A model whose configurations all score the same
 * has no variance to share: every share is NaN.
 */
public final class HyperparamEffects {
  private HyperparamEffects() {}

  /** A value of a hyperparameter and the configurations that use it. */
  public record Level(
      double value, int configurations, int trials, double mean, double low, double high) {}

  /** One hyperparameter of one model: its levels in value order and its variance share. */
  public record Effect(String key, List<Level> levels, double share) {
    public Effect {
      levels = List.copyOf(levels);
    }
  }

  /** One model's effects, ranked by share (largest first). */
  public record ModelEffects(
      String model, int configurations, double totalSs, List<Effect> effects) {
    public ModelEffects {
      effects = List.copyOf(effects);
    }
  }

  /**
   * The effects of every varying hyperparameter for each model with at least two scored
   * configurations.
   */
  public static List<ModelEffects> of(ConfigurationSet set) {
    List<ModelEffects> out = new ArrayList<>();
    for (String model : set.presentModels()) {
      List<Configuration> scored =
          set.of(model).stream().filter(c -> !Double.isNaN(c.meanDevAuroc())).toList();
      if (scored.size() < 2) {
        continue;
      }
      double grand = 0;
      for (Configuration c : scored) {
        grand += c.meanDevAuroc();
      }
      grand /= scored.size();
      double total = 0;
      for (Configuration c : scored) {
        total += sq(c.meanDevAuroc() - grand);
      }
      List<Effect> effects = new ArrayList<>();
      for (String key : set.varyingKeys()) {
        Map<Double, List<Configuration>> byValue = new TreeMap<>();
        for (Configuration c : scored) {
          byValue.computeIfAbsent(c.value(key), v -> new ArrayList<>()).add(c);
        }
        if (byValue.size() < 2) {
          continue; // this model's configurations do not vary it
        }
        double between = 0;
        List<Level> levels = new ArrayList<>();
        for (Map.Entry<Double, List<Configuration>> e : byValue.entrySet()) {
          List<Configuration> cs = e.getValue();
          double mean = 0;
          double low = Double.POSITIVE_INFINITY;
          double high = Double.NEGATIVE_INFINITY;
          int trials = 0;
          for (Configuration c : cs) {
            mean += c.meanDevAuroc();
            for (double a : c.devAurocs()) {
              low = Math.min(low, a);
              high = Math.max(high, a);
              trials++;
            }
          }
          mean /= cs.size();
          between += cs.size() * sq(mean - grand);
          levels.add(new Level(e.getKey(), cs.size(), trials, mean, low, high));
        }
        effects.add(new Effect(key, levels, total > 0 ? between / total : Double.NaN));
      }
      effects.sort(
          Comparator.comparingDouble((Effect e) -> ConfigurationSet.nanLow(e.share())).reversed());
      out.add(new ModelEffects(model, scored.size(), total, effects));
    }
    return out;
  }

  private static double sq(double x) {
    return x * x;
  }
}
