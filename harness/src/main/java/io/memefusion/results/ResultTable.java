package io.memefusion.results;

import io.memefusion.eval.ThresholdRule;
import java.util.List;
import java.util.Objects;

/**
 * The dev or test table of a sweep for one threshold rule: one {@link ModelRow} per model in the
 * order text, image, early_fusion, late_fusion (then the interaction heads), and the seed ensembles
 * of those rows. {@code note} explains an empty table (e.g. an unlabeled test split).
 */
public record ResultTable(
    String split, ThresholdRule rule, List<ModelRow> rows, String note, SeedEnsembles ensembles) {
  public ResultTable {
    rows = List.copyOf(rows);
    Objects.requireNonNull(ensembles, "ensembles");
  }

  /** A table without seed ensembles. */
  public ResultTable(String split, ThresholdRule rule, List<ModelRow> rows, String note) {
    this(split, rule, rows, note, SeedEnsembles.NONE);
  }
}
