package io.memefusion.dashboard.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RocTest {
  @Test
  void perfectRandomAndTiedScores() {
    assertThat(Roc.area(Roc.curve(new double[] {0.9, 0.8, 0.2, 0.1}, new int[] {1, 1, 0, 0})))
        .isEqualTo(1.0);
    assertThat(Roc.area(Roc.curve(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {1, 1, 0, 0})))
        .isEqualTo(0.0);
    // all tied: one diagonal step, area 1/2
    List<double[]> tied = Roc.curve(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {1, 0, 1, 0});
    assertThat(tied).hasSize(2);
    assertThat(Roc.area(tied)).isEqualTo(0.5);
    assertThat(Roc.curve(new double[] {0.3, 0.4}, new int[] {1, 1})).isEmpty();
  }

  @Test
  void areaEqualsThePairwiseAuroc() {
    Random r = new Random(3);
    int n = 300;
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      s[i] = Math.round((y[i] + r.nextGaussian()) * 10) / 10.0; // rounded: many ties
    }
    double wins = 0;
    int pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] == 1 && y[j] == 0) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    assertThat(Roc.area(Roc.curve(s, y))).isCloseTo(wins / pairs, within(1e-12));
  }

  @Test
  void meanOfCurvesIsTheirVerticalAverage() {
    List<double[]> perfect = Roc.curve(new double[] {0.9, 0.1}, new int[] {1, 0});
    List<double[]> chance = Roc.curve(new double[] {0.5, 0.5}, new int[] {1, 0});
    List<double[]> mean = Roc.mean(List.of(perfect, chance), 11);
    assertThat(mean).hasSize(12);
    assertThat(mean.get(6)[0]).isCloseTo(0.5, within(1e-12));
    assertThat(mean.get(6)[1]).isCloseTo((1 + 0.5) / 2, within(1e-12));
    assertThat(mean.get(11)[1]).isCloseTo(1, within(1e-12));
    assertThat(Roc.mean(List.of(List.of()), 11)).isEmpty();
  }
}
