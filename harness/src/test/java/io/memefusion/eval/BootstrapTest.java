package io.memefusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BootstrapTest {

  /** n memes, half hateful; scores separate the classes by {@code shift} standard deviations. */
  private static double[][] synthetic(int n, double shift, long seed) {
    Random r = new Random(seed);
    double[] labels = new double[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      scores[i] = 1 / (1 + Math.exp(-(r.nextGaussian() + shift * labels[i])));
    }
    return new double[][] {labels, scores};
  }

  private static int[] ints(double[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (int) a[i];
    }
    return out;
  }

  @Test
  void aurocIntervalContainsTheEstimateAndNarrowsWithMoreMemes() {
    Bootstrap bootstrap = Bootstrap.stratified(1000, 7);
    double[][] small = synthetic(200, 1.0, 1);
    double[][] large = synthetic(3200, 1.0, 1);

    Interval a = bootstrap.interval(ints(small[0]), List.of(small[1]), Statistic.auroc());
    Interval b = bootstrap.interval(ints(large[0]), List.of(large[1]), Statistic.auroc());

    assertThat(a.contains(a.estimate())).isTrue();
    assertThat(b.contains(b.estimate())).isTrue();
    assertThat(a.estimate()).isEqualTo(Statistic.auroc().of(ints(small[0]), small[1]));
    // the width shrinks like 1/sqrt(n): 16x the memes, about a quarter of the width
    assertThat(b.width()).isLessThan(a.width() / 2.5);
    assertThat(a.resamples()).isEqualTo(1000);
  }

  @Test
  void accuracyIntervalOfSeveralSeedsIsCenteredOnTheirMean() {
    double[][] d1 = synthetic(400, 1.5, 3);
    double[][] d2 = synthetic(400, 0.5, 3);
    int[] labels = ints(d1[0]);
    double[] hits1 = ConfusionCounts.hits(labels, d1[1], 0.5);
    double[] hits2 = ConfusionCounts.hits(labels, d2[1], 0.5);

    Interval ci =
        Bootstrap.stratified(1000, 1).interval(labels, List.of(hits1, hits2), Statistic.mean());

    double mean = (Statistic.mean().of(labels, hits1) + Statistic.mean().of(labels, hits2)) / 2;
    assertThat(ci.estimate()).isEqualTo(mean);
    assertThat(ci.contains(mean)).isTrue();
    assertThat(ci.lower()).isGreaterThan(0.5);
  }

  @Test
  void sameSeedGivesTheSameInterval() {
    double[][] d = synthetic(300, 1.0, 5);
    Interval a =
        Bootstrap.stratified(1000, 42).interval(ints(d[0]), List.of(d[1]), Statistic.auroc());
    Interval b =
        Bootstrap.stratified(1000, 42).interval(ints(d[0]), List.of(d[1]), Statistic.auroc());
    assertThat(a).isEqualTo(b);
  }

  @Test
  void compareGivesWhatIntervalAndPairedGiveInOnePass() {
    double[][] one = synthetic(300, 1.0, 21);
    double[][] other = synthetic(300, 0.5, 21);
    int[] labels = ints(one[0]);
    Bootstrap bootstrap = Bootstrap.stratified(1000, 5);
    List<double[]> a = List.of(one[1]);
    List<double[]> b = List.of(other[1], one[1]);

    Bootstrap.Comparison c = bootstrap.compare(labels, a, b, Statistic.auroc());

    assertThat(c.a()).isEqualTo(bootstrap.interval(labels, a, Statistic.auroc()));
    assertThat(c.difference()).isEqualTo(bootstrap.paired(labels, a, b, Statistic.auroc()));
    assertThat(c.difference().difference().estimate()).isPositive();
  }

  @Test
  void pairedDifferenceSeesARealGainAndNotANullOne() {
    double[][] weak = synthetic(1000, 0.3, 11);
    double[][] strong = synthetic(1000, 1.5, 11);
    double[][] weakAgain = synthetic(1000, 0.3, 11);
    int[] labels = ints(weak[0]);
    Bootstrap bootstrap = Bootstrap.stratified(1000, 3);

    PairedDifference gain =
        bootstrap.paired(labels, List.of(strong[1]), List.of(weak[1]), Statistic.auroc());
    PairedDifference none =
        bootstrap.paired(labels, List.of(weakAgain[1]), List.of(weak[1]), Statistic.auroc());

    assertThat(gain.aboveZero()).isTrue();
    assertThat(gain.fractionAtMostZero()).isLessThan(0.01);
    assertThat(gain.difference().contains(gain.difference().estimate())).isTrue();
    // identical scores: every resampled difference is exactly zero
    assertThat(none.difference().estimate()).isZero();
    assertThat(none.fractionAtMostZero()).isEqualTo(1.0);
    assertThat(none.aboveZero()).isFalse();
  }

  @Test
  void unstratifiedResamplingAlsoWorks() {
    double[][] d = synthetic(300, 1.0, 9);
    Bootstrap plain = new Bootstrap(1000, 2, false, 0.95);
    Interval ci = plain.interval(ints(d[0]), List.of(d[1]), Statistic.auroc());
    assertThat(ci.contains(ci.estimate())).isTrue();
    assertThat(plain.isStratified()).isFalse();
  }

  @Test
  void refusesTooFewResamples() {
    assertThatThrownBy(() -> Bootstrap.stratified(100, 1))
        .hasMessageContaining("at least 1000 resamples");
  }

  @Test
  void aurocHandlesTiesWithHalfCredit() {
    assertThat(Statistic.auroc().of(new int[] {0, 1}, new double[] {0.5, 0.5})).isEqualTo(0.5);
    assertThat(Statistic.auroc().of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8}))
        .isEqualTo(0.75);
    assertThat(Statistic.auroc().of(new int[] {1, 1}, new double[] {0.1, 0.4})).isNaN();
  }

  @Test
  void preparedAurocOnMultiplicitiesEqualsTheMaterialisedResample() {
    int[] labels = {0, 1, 1, 0, 1, 0};
    double[] p = {0.3, 0.3, 0.9, 0.1, 0.5, 0.5};
    int[] counts = {2, 1, 0, 3, 1, 1};
    Statistic plain = (l, v) -> Statistic.auroc().of(l, v); // default prepare: materialise
    assertThat(Statistic.auroc().prepare(labels, p).of(counts))
        .isCloseTo(
            plain.prepare(labels, p).of(counts), org.assertj.core.api.Assertions.within(1e-12));
    // 0.3*2 + 0.3*1 + 0.1*3 + 0.5*1 + 0.5*1 over 8 draws
    assertThat(Statistic.mean().prepare(labels, p).of(counts))
        .isCloseTo(2.2 / 8, org.assertj.core.api.Assertions.within(1e-12));
  }
}
