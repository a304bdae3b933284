package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.LineChart;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.results.ResultTable;
import java.util.List;

/** Everything below a sweep page's title, for one threshold rule and trials view. */
public record SweepView(
    SweepSummary sweep,
    SweepQuery query,
    ResultTable dev,
    ResultTable test,
    List<RocPanel> roc,
    AnalysisView analysis,
    TrialsView trials) {
  public SweepView {
    roc = List.copyOf(roc);
  }

  /** The ROC chart of one split: the chosen configuration of each model, averaged over seeds. */
  public record RocPanel(String split, LineChart chart, List<Legend> legend, String note) {
    public RocPanel {
      legend = List.copyOf(legend);
    }
  }

  public record Legend(String name, String cssClass, String value) {}
}
