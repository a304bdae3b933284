package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.IntervalScale;
import io.memefusion.dashboard.charts.LineChart;
import io.memefusion.eval.ThresholdRule;
import java.util.List;
import java.util.Objects;

/**
 * The "Analysis" part of a sweep page, formatted: what {@code ./memefusion analyze} stored for the
 * configuration of each model chosen on dev. {@code stored} false: nothing stored yet, the page
 * says how to compute it. Accuracies are at the page's threshold {@code rule}.
 */
public record AnalysisView(
    long sweepId,
    boolean stored,
    ThresholdRule rule,
    String settings,
    List<String> warnings,
    List<String> notes,
    List<CiTable> intervals,
    Paired paired,
    List<ReliabilityPanel> reliability,
    List<RelianceRow> reliance,
    List<ConfounderRow> confounders,
    List<String> confounderGroups) {
  public AnalysisView {
    Objects.requireNonNull(rule, "threshold rule");
    warnings = List.copyOf(warnings);
    notes = List.copyOf(notes);
    intervals = List.copyOf(intervals);
    reliability = List.copyOf(reliability);
    reliance = List.copyOf(reliance);
    confounders = List.copyOf(confounders);
    confounderGroups = List.copyOf(confounderGroups);
  }

  /** A sweep without a stored analysis. */
  public static AnalysisView missing(long sweepId, ThresholdRule rule) {
    return new AnalysisView(
        sweepId, false, rule, "", List.of(), List.of(), List.of(), null, List.of(), List.of(),
        List.of(), List.of());
  }

  /** The command that computes and stores the analysis of this sweep. */
  public String command() {
    return command(sweepId);
  }

  public static String command(long sweepId) {
    return "./memefusion analyze --sweep " + sweepId;
  }

  /** The report command, which computes and stores the analysis too. */
  public String reportCommand() {
    return "./memefusion report --sweep " + sweepId;
  }

  /**
   * One split's bootstrap intervals, one row per model, AUROC strips on a shared axis; {@code role}
   * says what the split is for in the study.
   */
  public record CiTable(
      String split, String role, int memes, int positives, IntervalScale scale, List<CiRow> rows) {
    public CiTable {
      rows = List.copyOf(rows);
    }
  }

  /**
   * A model's AUROC and accuracy with their 95% intervals (formatted), over {@code seeds} chosen
   * trials and {@code n} memes.
   */
  public record CiRow(
      String model,
      String label,
      String configKey,
      int seeds,
      int n,
      String auroc,
      String aurocCi,
      String accuracy,
      String accuracyCi,
      IntervalScale.Strip strip,
      String stripLabel) {}

  /** The paired comparisons of every split on one axis around zero. */
  public record Paired(IntervalScale scale, List<PairedRow> rows) {
    public Paired {
      rows = List.copyOf(rows);
    }
  }

  /**
   * {@code modelA} minus {@code modelB} on the same resampled memes; {@code verdict} says whether
   * the interval excludes zero, {@code cssClass} is up, down or flat.
   */
  public record PairedRow(
      String split,
      String modelA,
      String modelB,
      String comparison,
      String delta,
      String ci,
      String atMostZero,
      String verdict,
      String cssClass,
      IntervalScale.Strip strip) {}

  /** The reliability diagrams of one split, one per model. */
  public record ReliabilityPanel(String split, List<ReliabilityChart> charts) {
    public ReliabilityPanel {
      charts = List.copyOf(charts);
    }
  }

  /** ECE as mean ± std over seeds and with the seeds' predictions pooled (the chart's). */
  public record ReliabilityChart(
      String model, String label, LineChart chart, String ece, String ecePooled, int n) {}

  /** AUROC drop when one modality's features are shuffled across memes, mean ± std over seeds. */
  public record RelianceRow(
      String split, String model, String label, String auroc, String textDrop, String imageDrop) {}

  /**
   * Accuracy on the memes of confounder groups (same text, same image, either) next to the whole
   * split's; {@code lower} marks the group cells below the whole split.
   */
  public record ConfounderRow(
      String split,
      String model,
      String label,
      Cell sameText,
      Cell sameImage,
      Cell either,
      String overall) {}

  public record Cell(String text, boolean lower) {}
}
