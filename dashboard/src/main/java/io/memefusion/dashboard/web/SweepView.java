package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.LineChart;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.results.ResultTable;
import java.util.List;

/** Everything below a sweep page's title, for one threshold rule and trials view. */
public record SweepView(
    SweepSummary sweep,
    ProvenanceView provenance,
    SweepQuery query,
    ResultTable dev,
    ResultTable test,
    List<RocPanel> roc,
    AnalysisView analysis,
    TrialsView trials,
    ExploreView explore,
    List<ConfounderExample> confounderExamples) {
  public SweepView {
    java.util.Objects.requireNonNull(provenance, "provenance");
    roc = List.copyOf(roc);
    confounderExamples = List.copyOf(confounderExamples);
  }

  /** A few confounder groups with their memes' pictures and captions. */
  public record ConfounderExample(String split, String kind, List<ExampleMeme> memes) {
    public ConfounderExample {
      memes = List.copyOf(memes);
    }
  }

  /** {@code text} null when the dataset cannot be read; {@code label} null when unknown. */
  public record ExampleMeme(String id, Integer label, String text, String src) {}

  /** The ROC chart of one split: the chosen configuration of each model, averaged over seeds. */
  public record RocPanel(String split, LineChart chart, List<Legend> legend, String note) {
    public RocPanel {
      legend = List.copyOf(legend);
    }
  }

  public record Legend(String name, String cssClass, String value) {}
}
