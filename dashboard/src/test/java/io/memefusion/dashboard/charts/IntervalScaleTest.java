package io.memefusion.dashboard.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memefusion.eval.Interval;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IntervalScaleTest {
  private static Interval ci(double estimate, double lower, double upper) {
    return new Interval(estimate, lower, upper, 0.95, 1000);
  }

  @Test
  void fitsEveryIntervalAndTheReferenceOnRoundEnds() {
    IntervalScale s = IntervalScale.fit(List.of(ci(0.7, 0.62, 0.81), ci(0.66, 0.55, 0.74)), 0.5);
    assertThat(s.min()).isEqualTo(0.5, within(1e-12));
    assertThat(s.max()).isEqualTo(0.85, within(1e-12));
    assertThat(s.range()).isEqualTo("0.50 – 0.85");
    IntervalScale.Strip strip = s.strip(ci(0.7, 0.62, 0.81));
    assertThat(strip.hasInterval()).isTrue();
    assertThat(s.referenceX()).isLessThan(strip.lower());
    assertThat(strip.lower()).isLessThan(strip.estimate());
    assertThat(strip.estimate()).isLessThan(strip.upper());
    assertThat(strip.upper()).isLessThanOrEqualTo(IntervalScale.WIDTH);
  }

  @Test
  void differencesAroundZeroAndMissingIntervals() {
    IntervalScale s = IntervalScale.fit(List.of(ci(-0.03, -0.12, 0.07), ci(0.05, 0.01, 0.1)), 0);
    assertThat(s.min()).isNegative();
    assertThat(s.max()).isPositive();
    double zero = s.referenceX();
    assertThat(s.strip(ci(0.05, 0.01, 0.1)).lower()).isGreaterThan(zero);
    IntervalScale.Strip none = s.strip(ci(0.02, Double.NaN, Double.NaN));
    assertThat(none.hasInterval()).isFalse();
    assertThat(none.estimate()).isGreaterThan(zero);
    // values outside the range stay on the strip
    assertThat(s.x(5)).isEqualTo(s.x(s.max()));
  }
}
