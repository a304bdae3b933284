package io.memefusion.report;

import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.fixtures.SweepFixture;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The report data of a fixture sweep: analysed with 1,000 resamples, stamped at a fixed time. */
final class ReportFixtures {
  private ReportFixtures() {}

  static ReportData report(Jdbi jdbi, SweepFixture f) {
    SweepAnalysisResult a =
        new SweepAnalysis(jdbi, new AnalysisSettings(1000, 2020, true, 0.95, 10))
            .analyze(f.results, Optional.of(f.dataset));
    return new ReportLoader(jdbi).load(f.results, a, OffsetDateTime.parse("2026-01-15T10:00:00Z"));
  }
}
