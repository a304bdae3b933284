package io.memefusion.dashboard.results;

import io.memefusion.export.SweepResults;
import java.util.Optional;

/**
 * The numbers of a sweep's dev and test tables and their export text. The dashboard never computes
 * these itself in a handler: it asks this, so that the pages, the Export buttons and {@code
 * ./memefusion export} show the same numbers.
 */
public interface SweepReport {
  /** The tables of a sweep, empty when no such sweep exists. */
  Optional<SweepResults> results(long sweepId);

  /** The export file text of the tables, byte for byte what the CLI writes. */
  String export(SweepResults results, ExportFormat format);
}
