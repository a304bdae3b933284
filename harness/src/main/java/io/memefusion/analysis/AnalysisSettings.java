package io.memefusion.analysis;

import io.memefusion.eval.Bootstrap;

/**
 * How a sweep is analysed: bootstrap resamples, seed, stratification and level, and calibration
 * bins. {@link #defaults()} is what the report and dashboard use.
 */
public record AnalysisSettings(
    int resamples, long seed, boolean stratified, double level, int calibrationBins) {
  public AnalysisSettings {
    if (resamples < Bootstrap.MIN_RESAMPLES) {
      throw new IllegalArgumentException(
          "bootstrap needs at least " + Bootstrap.MIN_RESAMPLES + " resamples, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    if (calibrationBins < 2) {
      throw new IllegalArgumentException("calibration needs >= 2 bins, got " + calibrationBins);
    }
  }

  /** 2,000 stratified resamples, seed 2020, 95% intervals, 10 calibration bins. */
  public static AnalysisSettings defaults() {
    return new AnalysisSettings(
        Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED, true, 0.95, 10);
  }

  public Bootstrap bootstrap() {
    return new Bootstrap(resamples, seed, stratified, level);
  }
}
