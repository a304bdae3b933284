package io.memefusion.sweep;

import java.util.List;
import java.util.Random;

/**
 * The values a sweep tries for one hyperparameter: a list of choices (grid or random search) or a
 * range sampled by random search, uniform or log-uniform.
 */
public sealed interface Domain permits Domain.Choice, Domain.Range {

  /** A value drawn for random search; integer parameters are rounded. */
  double sample(Param param, Random random);

  /** A fixed list of values, tried in order by grid search and drawn uniformly by random search. */
  record Choice(List<Double> values) implements Domain {
    public Choice {
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a choice needs at least one value");
      }
    }

    @Override
    public double sample(Param param, Random random) {
      return values.get(random.nextInt(values.size()));
    }
  }

  /**
   * {@code [min, max]}, drawn uniformly (or log-uniformly when {@code log}); draws of real
   * parameters are rounded to 3 significant digits so that configuration keys stay readable.
   */
  record Range(double min, double max, boolean log) implements Domain {
    public Range {
      if (!(min <= max)) {
        throw new IllegalArgumentException("range min " + min + " exceeds max " + max);
      }
      if (log && !(min > 0)) {
        throw new IllegalArgumentException("a log range needs min > 0, got " + min);
      }
    }

    @Override
    public double sample(Param param, Random random) {
      double u = random.nextDouble();
      double v =
          log
              ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)))
              : min + u * (max - min);
      if (param.integer()) {
        return Math.min(Math.max(Math.rint(v), Math.ceil(min)), Math.floor(max));
      }
      double rounded =
          new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
      return Math.min(Math.max(rounded, min), max);
    }
  }
}
