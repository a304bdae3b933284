package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.analysis.AnalysisSettings;
import picocli.CommandLine.Option;

/** {@code --resamples} and {@code --seed} of the bootstrap, shared by analyze and report. */
public final class AnalysisOptions {
  @Option(
      names = "--resamples",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Bootstrap resamples of the memes, at least 1000 (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "2020",
      description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Stratified 95% percentile intervals with 10 calibration bins. */
  public AnalysisSettings settings() {
    if (resamples < 1000) {
      throw new UserException("--resamples must be at least 1000, got " + resamples);
    }
    return new AnalysisSettings(resamples, seed, true, 0.95, 10);
  }
}
