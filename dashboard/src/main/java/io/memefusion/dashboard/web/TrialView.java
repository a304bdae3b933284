package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.LineChart;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.db.MetricRow;
import io.memefusion.db.TrialRow;
import java.util.List;

/** A trial page: its setup, training curves, confusion matrices and worst predictions. */
public record TrialView(
    TrialRow trial,
    SweepSummary sweep,
    List<Param> hyperparams,
    List<MetricRow> metrics,
    LineChart loss,
    LineChart auroc,
    List<Confusion> confusions,
    List<WrongMemes> wrong) {
  public TrialView {
    hyperparams = List.copyOf(hyperparams);
    metrics = List.copyOf(metrics);
    confusions = List.copyOf(confusions);
    wrong = List.copyOf(wrong);
  }

  /** A hyperparameter and its value as stored. */
  public record Param(String key, String value) {}

  /** Counts at the stored threshold of one split and rule (hateful is positive). */
  public record Confusion(
      String split, String rule, double threshold, int tp, int fp, int fn, int tn) {
    public int n() {
      return tp + fp + fn + tn;
    }
  }

  /** The memes of a split furthest from their label; {@code text} null when unknown. */
  public record WrongMemes(String split, List<Meme> memes, String note) {
    public WrongMemes {
      memes = List.copyOf(memes);
    }
  }

  public record Meme(String id, int label, double proba, String text) {}
}
