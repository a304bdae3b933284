package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.IntervalScale;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.eval.ThresholdRule;
import java.util.List;

/**
 * Two sweeps side by side: what differs between them first (encoders, recipe, grid, data), then the
 * chosen configurations of each model on dev and test, and a paired bootstrap of the AUROC
 * difference (B − A) where both sweeps scored the same memes.
 */
public record CompareView(
    SweepSummary a,
    SweepSummary b,
    ThresholdRule rule,
    List<DiffGroup> differences,
    List<Side> tables,
    List<Paired> paired,
    IntervalScale pairedScale,
    String settings) {
  public CompareView {
    differences = List.copyOf(differences);
    tables = List.copyOf(tables);
    paired = List.copyOf(paired);
  }

  /** A group of provenance ("encoders", ...) and the entries whose values differ. */
  public record DiffGroup(String name, String what, List<Diff> diffs) {
    public DiffGroup {
      diffs = List.copyOf(diffs);
    }
  }

  public record Diff(String key, String a, String b) {}

  /** One split role's table: a row per model. */
  public record Side(String role, String splitA, String splitB, List<Row> rows) {
    public Side {
      rows = List.copyOf(rows);
    }
  }

  /** A model's chosen rows in A and B; {@code delta}s are B − A of the means. */
  public record Row(
      String model,
      String label,
      String configA,
      String configB,
      String aurocA,
      String aurocB,
      String aurocDelta,
      String accuracyA,
      String accuracyB,
      String accuracyDelta,
      String f1A,
      String f1B,
      String f1Delta) {}

  /** A paired bootstrap of B − A on one split, or why there is none ({@code reason}). */
  public record Paired(
      String split,
      String model,
      String label,
      int memes,
      String delta,
      String ci,
      String verdict,
      String cssClass,
      IntervalScale.Strip strip,
      String reason) {
    public boolean done() {
      return reason == null;
    }
  }

  public boolean same() {
    return differences.stream().allMatch(g -> g.diffs().isEmpty());
  }
}
