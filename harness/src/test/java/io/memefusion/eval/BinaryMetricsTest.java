package io.memefusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BinaryMetricsTest {
  @Test
  void handCheckedCounts() {
    // proba  0.9 0.6 0.5 0.4 0.2 0.7 ; labels 1 1 0 1 0 0 ; threshold 0.5 (>= is hateful)
    // predicted 1 1 1 0 0 1 -> tp 2 (0.9, 0.6), fp 2 (0.5, 0.7), fn 1 (0.4), tn 1 (0.2)
    // accuracy 3/6 = 0.5; precision 2/4 = 0.5; recall 2/3; F1 = 2·2 / (2·2 + 2 + 1) = 4/7
    BinaryMetrics m =
        BinaryMetrics.at(
            new float[] {0.9f, 0.6f, 0.5f, 0.4f, 0.2f, 0.7f}, new int[] {1, 1, 0, 1, 0, 0}, 0.5);
    assertThat(m).isEqualTo(new BinaryMetrics(0.5, 2, 2, 1, 1));
    assertThat(m.accuracy()).isEqualTo(0.5);
    assertThat(m.precision()).isEqualTo(0.5);
    assertThat(m.recall()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(m.f1()).isCloseTo(4.0 / 7, within(1e-15));
    // F1 is the harmonic mean of precision and recall: 2·0.5·(2/3) / (0.5 + 2/3) = 4/7
    assertThat(m.f1())
        .isCloseTo(2 * m.precision() * m.recall() / (m.precision() + m.recall()), within(1e-15));
    assertThat(m.value(Metric.F1)).isEqualTo(m.f1());
    assertThatThrownBy(() -> m.value(Metric.AUROC)).hasMessageContaining("auroc");
  }

  @Test
  void zeroDenominatorsAreZero() {
    // nothing predicted hateful: precision 0/0 -> 0, recall 0/2, F1 0
    BinaryMetrics none = BinaryMetrics.at(new float[] {0.1f, 0.2f, 0.3f}, new int[] {1, 1, 0}, 0.5);
    assertThat(none.precision()).isZero();
    assertThat(none.recall()).isZero();
    assertThat(none.f1()).isZero();
    assertThat(none.accuracy()).isCloseTo(1.0 / 3, within(1e-15));
    // no hateful meme and none predicted: recall 0/0 and F1 0/0 -> 0, accuracy 1
    BinaryMetrics clean = BinaryMetrics.at(new float[] {0.1f, 0.2f}, new int[] {0, 0}, 0.5);
    assertThat(clean.recall()).isZero();
    assertThat(clean.f1()).isZero();
    assertThat(clean.accuracy()).isEqualTo(1.0);
    assertThat(BinaryMetrics.at(new float[0], new int[0], 0.5).accuracy()).isZero();
  }
}
