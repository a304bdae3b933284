package io.memefusion.dashboard.web;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.report.ReportData;
import io.memefusion.report.ReportLoader;
import io.memefusion.report.ReportWriter;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The report of a sweep as {@code ./memefusion report} writes it (the harness's {@link
 * ReportWriter}: a PDF and its Markdown twin), rendered on request from the stored results and
 * analysis, read-only. The writer works on files, so each request renders into a temporary folder
 * that is removed before answering.
 */
public final class ReportFiles {
  private final DashboardStore store;
  private final Clock clock;

  public ReportFiles(DashboardStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The two renderings of one report. */
  public record Report(byte[] pdf, String markdown) {}

  /** Thrown when the sweep exists but has no stored analysis: the report needs one. */
  public static final class NoAnalysis extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoAnalysis(long sweepId) {
      super(
          "sweep "
              + sweepId
              + " has no stored analysis yet, and the report is made from it: run "
              + AnalysisView.command(sweepId)
              + ", then reload");
    }
  }

  /** The report of {@code sweepId}; empty when there is no such sweep. */
  public Optional<Report> render(long sweepId) {
    Optional<ReportData> data =
        store.readThrough(
            jdbi ->
                jdbi.withHandle(
                    h -> {
                      Optional<SweepResults> results = SweepResultsQuery.find(h, sweepId);
                      if (results.isEmpty()) {
                        return Optional.empty();
                      }
                      SweepAnalysisResult analysis =
                          AnalysisSection.load(jdbi, sweepId)
                              .orElseThrow(() -> new NoAnalysis(sweepId));
                      return Optional.of(
                          new ReportLoader(jdbi)
                              .load(results.get(), analysis, OffsetDateTime.now(clock)));
                    }));
    return data.map(ReportFiles::write);
  }

  private static Report write(ReportData data) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("memefusion-report-");
      ReportWriter.Written w = new ReportWriter().write(data, dir.resolve("report.pdf"));
      return new Report(Files.readAllBytes(w.pdf()), Files.readString(w.markdown()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the report of sweep " + data.sweep().id(), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary folder left behind is not worth failing the download for
    }
  }
}
