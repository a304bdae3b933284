package io.memefusion.report;

import io.memefusion.UserException;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.LayoutOptions;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.StoredSweep;
import io.memefusion.sweep.SweepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The whole report pipeline of one sweep, shared by {@code memefusion report} and the dashboard:
 * result tables → analysis (computed and stored) → report data → PDF and Markdown.
 */
public final class SweepReport {
  private final Jdbi jdbi;
  private final AnalysisSettings settings;

  public SweepReport(Jdbi jdbi, AnalysisSettings settings) {
    this.jdbi = jdbi;
    this.settings = settings;
  }

  /**
   * Analyses sweep {@code sweepId}, stores the analysis and writes {@code pdf} with its Markdown
   * twin; {@code notes} hears about anything skipped (e.g. a data folder that is gone).
   */
  public ReportWriter.Written write(long sweepId, Path pdf, Consumer<String> notes) {
    SweepResults results = new SweepResultsQuery(jdbi).results(sweepId);
    SweepAnalysisResult analysis = analyze(results, notes);
    ReportData data = new ReportLoader(jdbi).load(results, analysis, OffsetDateTime.now());
    return new ReportWriter().write(data, pdf);
  }

  /**
   * Analyses the sweep (bootstrap intervals, paired comparisons, calibration, confounders) and
   * stores the analysis, for the dashboard and the exports; no report is written.
   */
  public SweepAnalysisResult analyze(SweepResults results, Consumer<String> notes) {
    Optional<Dataset> dataset = dataset(results.sweepId(), notes);
    return new SweepAnalysis(jdbi, settings).analyze(results, dataset);
  }

  /** The sweep's dataset, for confounder groups; the report goes on without it. */
  private Optional<Dataset> dataset(long sweepId, Consumer<String> notes) {
    String root =
        jdbi.withHandle(h -> StoredSweep.find(h, sweepId))
            .map(StoredSweep::context)
            .filter(SweepContext::hasDatasetRoot)
            .map(SweepContext::datasetRoot)
            .orElse(null);
    if (root == null || root.isBlank() || !Files.isDirectory(Path.of(root))) {
      notes.accept(
          "the sweep's data folder "
              + (root == null ? "" : root + " ")
              + "is not available: confounder groups are skipped");
      return Optional.empty();
    }
    try {
      return Optional.of(DatasetLoader.load(Path.of(root), LayoutOptions.defaults()));
    } catch (UserException e) {
      notes.accept(
          "cannot read the data folder (" + e.getMessage() + "): confounder groups are skipped");
      return Optional.empty();
    }
  }
}
