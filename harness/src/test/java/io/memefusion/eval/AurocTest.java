package io.memefusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AurocTest {
  @Test
  void handCheckedExampleWithoutTies() {
    // scores 0.1 0.4 0.35 0.8, labels 0 0 1 1. Pairs (pos, neg): (0.35,0.1) ok, (0.35,0.4) wrong,
    // (0.8,0.1) ok, (0.8,0.4) ok -> 3 of 4 pairs ordered = 0.75 (scikit-learn's classic example)
    double auroc =
        Auroc.of(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new int[] {0, 0, 1, 1}).orElseThrow();
    assertThat(auroc).isEqualTo(0.75);
  }

  @Test
  void tiedPairsCountOneHalf() {
    // positives 0.5, 0.9; negatives 0.5, 0.2, 0.5.
    // 0.5 vs negatives: tie, win, tie = 0.5 + 1 + 0.5 = 2; 0.9 wins all 3 -> (2 + 3) / 6 = 5/6.
    // Rank check: sorted 0.2(1) 0.5 0.5 0.5 (ranks 2,3,4 -> 3 each) 0.9(5); positive ranks 3 + 5 =
    // 8,
    // U = 8 - 2·3/2 = 5, AUROC = 5 / (2·3) = 5/6.
    double auroc =
        Auroc.of(new double[] {0.5, 0.9, 0.5, 0.2, 0.5}, new int[] {1, 1, 0, 0, 0}).orElseThrow();
    assertThat(auroc).isCloseTo(5.0 / 6, within(1e-15));
  }

  @Test
  void allScoresTiedIsOneHalfAndPerfectOrderIsOne() {
    assertThat(Auroc.of(new float[] {0.3f, 0.3f, 0.3f}, new int[] {1, 0, 0}).orElseThrow())
        .isEqualTo(0.5);
    assertThat(Auroc.of(new float[] {0.9f, 0.1f, 0.2f}, new int[] {1, 0, 0}).orElseThrow())
        .isEqualTo(1.0);
    assertThat(Auroc.of(new float[] {0.0f, 0.1f, 0.2f}, new int[] {1, 0, 0}).orElseThrow())
        .isEqualTo(0.0);
  }

  @Test
  void undefinedWhenAClassIsAbsent() {
    assertThat(Auroc.of(new float[] {0.1f, 0.9f}, new int[] {1, 1})).isEmpty();
    assertThat(Auroc.of(new float[] {0.1f, 0.9f}, new int[] {0, 0})).isEmpty();
    assertThat(Auroc.of(new float[0], new int[0])).isEmpty();
  }

  @Test
  void equalsThePairCountingDefinitionOnRandomTiedData() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int trial = 0; trial < 20; trial++) {
      int n = 1 + rng.nextInt(60);
      double[] s = new double[n];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        s[i] = rng.nextInt(8) / 8.0; // many ties
        y[i] = rng.nextInt(3) == 0 ? 1 : 0;
      }
      double pairs = 0;
      double good = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (y[i] == 1 && y[j] == 0) {
            pairs++;
            good += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
          }
        }
      }
      var auroc = Auroc.of(s, y);
      if (pairs == 0) {
        assertThat(auroc).isEmpty();
      } else {
        assertThat(auroc.orElseThrow()).isCloseTo(good / pairs, within(1e-12));
      }
    }
  }
}
