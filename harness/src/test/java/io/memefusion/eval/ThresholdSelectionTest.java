package io.memefusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ThresholdSelectionTest {
  @Test
  void picksTheF1MaximisingScore() {
    // proba 0.9 0.8 0.3 0.2 0.1, labels 1 0 1 0 0 (2 hateful). Thresholds at each score:
    // t=0.9: tp1 fp0 fn1 F1=2/3; t=0.8: tp1 fp1 fn1 F1=1/2; t=0.3: tp2 fp1 fn0 F1=4/5;
    // t=0.2: tp2 fp2 F1=2/3; t=0.1: tp2 fp3 F1=4/7 -> best 0.3 with F1 0.8
    var c =
        ThresholdSelection.bestF1(
            new float[] {0.9f, 0.8f, 0.3f, 0.2f, 0.1f}, new int[] {1, 0, 1, 0, 0});
    assertThat(c.threshold()).isEqualTo(0.3f);
    assertThat(c.f1()).isCloseTo(0.8, within(1e-15));
    // the threshold reproduces that F1 with the >= rule
    assertThat(
            BinaryMetrics.at(
                    new float[] {0.9f, 0.8f, 0.3f, 0.2f, 0.1f},
                    new int[] {1, 0, 1, 0, 0},
                    c.threshold())
                .f1())
        .isCloseTo(0.8, within(1e-15));
  }

  @Test
  void tiedScoresMoveTogetherAndF1TiesGoToTheHighestThreshold() {
    // proba 0.4 0.7 0.4 0.4, labels 0 1 1 0 (2 hateful): t=0.7 -> tp1 fp0 fn1 F1 = 2/3;
    // t=0.4 flags the three tied rows together -> tp2 fp2 fn0 F1 = 4/6 = 2/3.
    // Equal F1: the higher threshold 0.7 wins (fewer memes flagged).
    var c = ThresholdSelection.bestF1(new float[] {0.4f, 0.7f, 0.4f, 0.4f}, new int[] {0, 1, 1, 0});
    assertThat(c.threshold()).isEqualTo(0.7f);
    assertThat(c.f1()).isCloseTo(2.0 / 3, within(1e-15));
  }

  @Test
  void needsAHatefulMeme() {
    assertThatThrownBy(() -> ThresholdSelection.bestF1(new float[] {0.2f}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without hateful memes");
  }
}
