package io.memefusion.results;

import java.util.List;

/**
 * Everything the report tables of a sweep need, computed in one place (by the sweep's export code)
 * so that the CLI export, the dashboard and the PDF report show the same numbers.
 */
public record SweepResults(
    long sweepId, String sweepName, List<ResultTable> devTables, List<ResultTable> testTables) {
  public SweepResults {
    devTables = List.copyOf(devTables);
    testTables = List.copyOf(testTables);
  }
}
