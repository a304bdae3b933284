package io.memefusion.results;

import io.memefusion.eval.ThresholdRule;
import java.util.List;

/**
 * The dev or test table of a sweep for one threshold rule: one {@link ModelRow} per model in the
 * order text, image, early_fusion, late_fusion. {@code note} explains an empty table (e.g. an
 * unlabeled test split).
 */
public record ResultTable(String split, ThresholdRule rule, List<ModelRow> rows, String note) {
  public ResultTable {
    rows = List.copyOf(rows);
  }
}
