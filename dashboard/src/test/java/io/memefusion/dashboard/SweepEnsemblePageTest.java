package io.memefusion.dashboard;

import static io.memefusion.dashboard.RecordedSweeps.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.eval.Metric;
import io.memefusion.results.EnsembleRow;
import io.memefusion.results.Fmt;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed-ensemble rows of a sweep page's dev and test tables, over real HTTP: the numbers {@code
 * ./memefusion export} writes, under each threshold rule.
 */
@Timeout(300)
class SweepEnsemblePageTest {
  static RecordedSweeps sweeps;
  static SweepResults results;

  @BeforeAll
  static void start() {
    sweeps = RecordedSweeps.get();
    results = new SweepResultsQuery(sweeps.db().jdbi()).results(sweeps.done().sweepId());
  }

  @Test
  void theDevAndTestTablesShowAnEnsembleRowPerModel() throws Exception {
    String html = sweeps.get("/sweeps/" + sweeps.done().sweepId()).body();
    for (ResultTable t :
        new ResultTable[] {results.devTables().get(0), results.testTables().get(0)}) {
      String section =
          sectionOf(html, t == results.devTables().get(0) ? "table-dev" : "table-test");
      assertThat(t.ensembles().rows()).hasSize(t.rows().size()).hasSize(4);
      assertThat(section).contains("Seed ensembles");
      assertThat(count(section, "<tr class=\"ensemble\"")).isEqualTo(4);
      for (EnsembleRow e : t.ensembles().rows()) {
        String row = rowOf(section, "ensemble-" + t.split() + "-" + e.model());
        assertThat(row)
            .contains(e.model() + " — seed ensemble (3 seeds)")
            .contains("threshold 0.5 · " + e.memes() + " memes")
            .contains(num(e.value(Metric.ACCURACY)), num(e.value(Metric.F1)))
            .contains(num(e.value(Metric.AUROC)) + " <small class=\"ci\">" + Fmt.ci(e.auroc()))
            .contains("Δ " + Fmt.signed(e.gain().difference().estimate()));
      }
    }
  }

  @Test
  void underTheHoldoutRuleTheFallbackThresholdIsShownAndExplained() throws Exception {
    String html = sweeps.get("/sweeps/" + sweeps.done().sweepId() + "?rule=train_holdout").body();
    String section = sectionOf(html, "table-dev");
    // the fixture stores no hold-out predictions: the mean of the seeds' 0.42
    assertThat(rowOf(section, "ensemble-dev_seen-early_fusion")).contains("threshold 0.42 · ");
    assertThat(section)
        .contains("No predictions on the train hold-out are stored for text, image,")
        .contains("each ensemble's train_holdout threshold is the mean of its seeds' thresholds");
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String sectionOf(String html, String id) {
    int start = html.indexOf("id=\"" + id + "\"");
    assertThat(start).as("section " + id).isNotNegative();
    return html.substring(start, html.indexOf("</section>", start));
  }

  private static String rowOf(String html, String id) {
    int start = html.indexOf("id=\"" + id + "\"");
    assertThat(start).as("row " + id).isNotNegative();
    return html.substring(start, html.indexOf("</tr>", start));
  }
}
