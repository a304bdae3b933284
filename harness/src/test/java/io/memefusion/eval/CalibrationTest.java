package io.memefusion.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CalibrationTest {

  @Test
  void eceIsNearZeroForACalibratedPredictorAndLargeForAnOverconfidentOne() {
    Random r = new Random(1);
    int n = 20_000;
    int[] labels = new int[n];
    double[] calibrated = new double[n];
    double[] overconfident = new double[n];
    for (int i = 0; i < n; i++) {
      double p = r.nextDouble();
      labels[i] = r.nextDouble() < p ? 1 : 0; // the label really is hateful with probability p
      calibrated[i] = p;
      overconfident[i] = p >= 0.5 ? 0.99 : 0.01; // right direction, far too sure
    }

    Calibration.Reliability good = Calibration.reliability(labels, calibrated, 10);
    Calibration.Reliability bad = Calibration.reliability(labels, overconfident, 10);

    assertThat(good.ece()).isLessThan(0.02);
    assertThat(bad.ece()).isGreaterThan(0.2);
    assertThat(good.bins()).hasSize(10);
    assertThat(good.bins().stream().mapToInt(Calibration.Bin::count).sum()).isEqualTo(n);
    Calibration.Bin top = good.bins().get(9);
    assertThat(top.meanPredicted()).isBetween(0.9, 1.0);
    assertThat(top.observedFrequency()).isBetween(0.9, 1.0);
    // the over-confident predictor fills only the two extreme bins
    assertThat(bad.bins().get(4).count()).isZero();
    assertThat(bad.bins().get(4).meanPredicted()).isNaN();
  }

  @Test
  void probabilityOneFallsInTheLastBin() {
    Calibration.Reliability r =
        Calibration.reliability(new int[] {1, 0}, new double[] {1.0, 0.0}, 10);
    assertThat(r.bins().get(9).count()).isEqualTo(1);
    assertThat(r.bins().get(0).count()).isEqualTo(1);
    assertThat(r.ece()).isZero();
  }
}
