package io.memefusion.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over memes. A model is scored by several seeds of one configuration; every
 * resample draws one set of memes and averages the statistic over the seeds on those memes, so the
 * point estimate equals the mean over seeds that the result tables show and the interval is the
 * uncertainty that comes from which memes the split happens to contain.
 *
 * <p>Stratified by default: hateful and non-hateful memes are resampled separately, keeping each
 * split's label counts. The benchmark fixes those counts by construction (dev_seen is 50% hateful)
 * rather than sampling them, and every resample then has both classes, so AUROC is always defined.
 * Unstratified resampling is available; resamples where the statistic is undefined are dropped.
 */
public final class Bootstrap {
  /** The smallest number of resamples accepted: fewer gives unstable 2.5% / 97.5% percentiles. */
  public static final int MIN_RESAMPLES = 1000;

  /** Resamples of the analysis and of the seed-ensemble rows unless told otherwise. */
  public static final int DEFAULT_RESAMPLES = 2000;

  /** Seed of the analysis and of the seed-ensemble rows unless told otherwise. */
  public static final long DEFAULT_SEED = 2020;

  private final int resamples;
  private final long seed;
  private final boolean stratified;
  private final double level;

  public Bootstrap(int resamples, long seed, boolean stratified, double level) {
    if (resamples < MIN_RESAMPLES) {
      throw new IllegalArgumentException(
          "bootstrap needs at least " + MIN_RESAMPLES + " resamples, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    this.resamples = resamples;
    this.seed = seed;
    this.stratified = stratified;
    this.level = level;
  }

  /** 95% intervals from {@code resamples} stratified resamples. */
  public static Bootstrap stratified(int resamples, long seed) {
    return new Bootstrap(resamples, seed, true, 0.95);
  }

  public int resamples() {
    return resamples;
  }

  public long seed() {
    return seed;
  }

  public boolean isStratified() {
    return stratified;
  }

  public double level() {
    return level;
  }

  /**
   * The interval of {@code statistic} averaged over seeds. {@code seedValues} holds one array per
   * seed, each aligned with {@code labels}.
   */
  public Interval interval(int[] labels, List<double[]> seedValues, Statistic statistic) {
    check(labels, seedValues);
    List<Statistic.Resampled> prepared = prepare(labels, seedValues, statistic);
    double estimate = meanOverSeeds(labels, seedValues, statistic);
    Resampler resampler = new Resampler(labels);
    double[] stats = new double[resamples];
    int valid = 0;
    for (int b = 0; b < resamples; b++) {
      double s = meanOverSeeds(prepared, resampler.next());
      if (!Double.isNaN(s)) {
        stats[valid++] = s;
      }
    }
    return percentile(estimate, Arrays.copyOf(stats, valid));
  }

  /**
   * Model A minus model B on the same resampled memes (both scored on the memes of {@code labels},
   * in the same order).
   */
  public PairedDifference paired(
      int[] labels, List<double[]> seedValuesA, List<double[]> seedValuesB, Statistic statistic) {
    return compare(labels, seedValuesA, seedValuesB, statistic).difference();
  }

  /** Model A's interval and A minus B, drawn from one set of resamples. */
  public record Comparison(Interval a, PairedDifference difference) {}

  /**
   * {@link #interval} of model A and {@link #paired} A minus B at the cost of one of them: both
   * draw the same resamples (one stream from the seed), so the results equal the two calls'.
   */
  public Comparison compare(
      int[] labels, List<double[]> seedValuesA, List<double[]> seedValuesB, Statistic statistic) {
    check(labels, seedValuesA);
    check(labels, seedValuesB);
    List<Statistic.Resampled> a = prepare(labels, seedValuesA, statistic);
    List<Statistic.Resampled> b = prepare(labels, seedValuesB, statistic);
    double estimateA = meanOverSeeds(labels, seedValuesA, statistic);
    double estimate = estimateA - meanOverSeeds(labels, seedValuesB, statistic);
    Resampler resampler = new Resampler(labels);
    double[] diffs = new double[resamples];
    double[] statsA = new double[resamples];
    int valid = 0;
    int validA = 0;
    int atMostZero = 0;
    for (int r = 0; r < resamples; r++) {
      int[] counts = resampler.next();
      double sa = meanOverSeeds(a, counts);
      double d = sa - meanOverSeeds(b, counts);
      if (!Double.isNaN(sa)) {
        statsA[validA++] = sa;
      }
      if (!Double.isNaN(d)) {
        diffs[valid++] = d;
        if (d <= 0) {
          atMostZero++;
        }
      }
    }
    Interval interval = percentile(estimate, Arrays.copyOf(diffs, valid));
    double fraction = valid == 0 ? 1.0 : (double) atMostZero / valid;
    return new Comparison(
        percentile(estimateA, Arrays.copyOf(statsA, validA)),
        new PairedDifference(interval, fraction));
  }

  private Interval percentile(double estimate, double[] stats) {
    if (stats.length < resamples / 2) {
      // the statistic is undefined on most resamples (e.g. a split with one class)
      return new Interval(estimate, Double.NaN, Double.NaN, level, stats.length);
    }
    Arrays.sort(stats);
    double alpha = (1 - level) / 2;
    return new Interval(
        estimate, quantile(stats, alpha), quantile(stats, 1 - alpha), level, stats.length);
  }

  /** Linear interpolation between order statistics (Hyndman & Fan type 7). */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private static List<Statistic.Resampled> prepare(
      int[] labels, List<double[]> seedValues, Statistic statistic) {
    List<Statistic.Resampled> prepared = new ArrayList<>();
    for (double[] values : seedValues) {
      prepared.add(statistic.prepare(labels, values));
    }
    return prepared;
  }

  private static double meanOverSeeds(
      int[] labels, List<double[]> seedValues, Statistic statistic) {
    double sum = 0;
    for (double[] values : seedValues) {
      sum += statistic.of(labels, values);
    }
    return sum / seedValues.size();
  }

  private static double meanOverSeeds(List<Statistic.Resampled> prepared, int[] counts) {
    double sum = 0;
    for (Statistic.Resampled s : prepared) {
      sum += s.of(counts);
    }
    return sum / prepared.size();
  }

  private static void check(int[] labels, List<double[]> seedValues) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("bootstrap needs at least one labeled meme");
    }
    if (seedValues.isEmpty()) {
      throw new IllegalArgumentException("bootstrap needs the scores of at least one seed");
    }
    for (double[] v : seedValues) {
      if (v.length != labels.length) {
        throw new IllegalArgumentException(
            "scores of " + v.length + " memes for " + labels.length + " labels");
      }
    }
  }

  /**
   * Draws resamples as multiplicities per meme, stratified by label or not; one stream per
   * bootstrap call.
   */
  private final class Resampler {
    private final SplittableRandom random = new SplittableRandom(seed);
    private final int[][] strata;
    private final int n;

    Resampler(int[] labels) {
      n = labels.length;
      if (stratified) {
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          (labels[i] == 1 ? pos : neg).add(i);
        }
        strata =
            new int[][] {
              pos.stream().mapToInt(Integer::intValue).toArray(),
              neg.stream().mapToInt(Integer::intValue).toArray()
            };
      } else {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        strata = new int[][] {all};
      }
    }

    /** How often each meme is drawn in the next resample. */
    int[] next() {
      int[] counts = new int[n];
      for (int[] stratum : strata) {
        for (int j = 0; j < stratum.length; j++) {
          counts[stratum[random.nextInt(stratum.length)]]++;
        }
      }
      return counts;
    }
  }
}
