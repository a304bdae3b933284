package io.memefusion.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration of the predicted probability of "hateful": equal-width bins over [0, 1], the
 * reliability diagram (per bin: mean predicted probability, observed frequency of hateful, count)
 * and the expected calibration error ECE = sum over bins of (count / n) * |observed - predicted|.
 *
 * <p>10 bins by default, the usual choice since Guo et al. (2017): with dev splits of 500 to 1,000
 * memes that leaves about 50 memes per occupied bin; more bins make ECE noisier, fewer hide
 * miscalibration.
 */
public final class Calibration {
  public static final int DEFAULT_BINS = 10;

  private Calibration() {}

  /** One bin [lower, upper) (the last one includes 1.0); empty bins have NaN means. */
  public record Bin(
      int index,
      double lower,
      double upper,
      int count,
      double meanPredicted,
      double observedFrequency) {
    public Bin {
      if (count < 0) {
        throw new IllegalArgumentException("bin " + index + " has a negative count " + count);
      }
    }
  }

  /** The reliability diagram of {@code n} predictions and its ECE. */
  public record Reliability(List<Bin> bins, double ece, int n) {
    public Reliability {
      bins = List.copyOf(bins);
    }
  }

  public static Reliability reliability(int[] labels, double[] probas, int binCount) {
    if (binCount < 1) {
      throw new IllegalArgumentException("calibration needs at least one bin, got " + binCount);
    }
    if (labels.length != probas.length) {
      throw new IllegalArgumentException(
          labels.length + " labels but " + probas.length + " probabilities");
    }
    int[] count = new int[binCount];
    double[] sumP = new double[binCount];
    double[] sumY = new double[binCount];
    for (int i = 0; i < probas.length; i++) {
      double p = probas[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability " + p + " of row " + i + " not in [0, 1]");
      }
      int b = Math.min((int) (p * binCount), binCount - 1);
      count[b]++;
      sumP[b] += p;
      sumY[b] += labels[i];
    }
    List<Bin> bins = new ArrayList<>(binCount);
    double ece = 0;
    int n = probas.length;
    for (int b = 0; b < binCount; b++) {
      double meanP = count[b] == 0 ? Double.NaN : sumP[b] / count[b];
      double freq = count[b] == 0 ? Double.NaN : sumY[b] / count[b];
      bins.add(
          new Bin(b, (double) b / binCount, (double) (b + 1) / binCount, count[b], meanP, freq));
      if (count[b] > 0) {
        ece += (double) count[b] / n * Math.abs(freq - meanP);
      }
    }
    return new Reliability(bins, n == 0 ? Double.NaN : ece, n);
  }
}
