package io.memefusion.results;

import java.util.List;

/**
 * The seed-ensemble rows of a result table, one per model whose chosen configuration has at least
 * two seeds, and the notes on the models left out or on memes some seeds did not score.
 */
public record SeedEnsembles(List<EnsembleRow> rows, List<String> notes) {
  public static final SeedEnsembles NONE = new SeedEnsembles(List.of(), List.of());

  public SeedEnsembles {
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }

  /** The notes as one line, for the exports. */
  public String note() {
    return String.join(" ", notes);
  }
}
