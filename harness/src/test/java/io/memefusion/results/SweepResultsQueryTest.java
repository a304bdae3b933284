package io.memefusion.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.db.Database;
import io.memefusion.db.MetricRow;
import io.memefusion.db.PredictionRow;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.CsvExports;
import io.memefusion.export.TableFormat;
import io.memefusion.sweep.Claim;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepSpec;
import io.memefusion.sweep.SweepStore;
import io.memefusion.sweep.TrialOutcome;
import io.memefusion.sweep.WorkerId;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Selection on dev, mean ± std, notes and the export formats, on hand-made trial metrics. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SweepResultsQueryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Database db;
  private static SweepStore store;
  private static SweepResultsQuery query;

  @BeforeAll
  static void start() {
    db = Database.temporary();
    store = new SweepStore(db);
    query = new SweepResultsQuery(db.jdbi());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  static SweepContext context(String test, boolean testLabeled, List<String> notes) {
    return SweepContext.builder()
        .dataset("demo", "/data/demo", "abc")
        .featuresKey("features-1")
        .trainSplit("train")
        .holdoutSplit(SweepContext.THRESHOLD_HOLDOUT)
        .devSplit("dev_seen")
        .testSplit(test)
        .testLabeled(testLabeled)
        .extraSplits(List.of("dev_unseen"))
        .rows(Map.of("train", 90, "holdout", 10, "dev_seen", 20, "test_seen", 20))
        .dropped(Map.of())
        .notes(notes)
        .build();
  }

  /** text and image × lr {0.001, 0.01} × seeds {0, 1, 2}. */
  private static SweepSpec spec(String name) {
    ObjectNode tree = JSON.createObjectNode().put("name", name).put("seeds", 3);
    tree.putArray("models").add("text").add("image");
    SpecParser.applyParam(tree, "lr=0.001,0.01");
    return SpecParser.parse(tree, "test");
  }

  /**
   * Dev AUROC by (model, lr, seed): text lr=0.001 {0.70, 0.72, 0.74} (mean 0.72) beats text lr=0.01
   * {0.80, 0.60, 0.70} (mean 0.70) although the latter has the single best seed and the best test
   * AUROC; image prefers lr=0.01.
   */
  private static double devAuroc(Claim c) {
    boolean lowLr = c.hp().learningRate() == 0.001;
    if (c.model().dbName().equals("text")) {
      return lowLr ? 0.70 + 0.02 * c.seed() : new double[] {0.80, 0.60, 0.70}[c.seed()];
    }
    return lowLr ? 0.55 : 0.65 + 0.01 * c.seed();
  }

  private static long runSweep(SweepSpec spec, SweepContext ctx, int stopAfter) {
    long id = store.create(spec, null, ctx.toJson());
    WorkerId w = new WorkerId("h", 1, null, "h:1/0");
    int done = 0;
    for (List<Claim> got = store.claim(id, w, 1);
        !got.isEmpty() && done < stopAfter;
        got = store.claim(id, w, 1)) {
      Claim c = got.get(0);
      double dev = devAuroc(c);
      double test = c.hp().learningRate() == 0.01 ? 0.95 : dev - 0.05;
      List<MetricRow> m = new ArrayList<>();
      for (ThresholdRule r : ThresholdRule.values()) {
        double t = r == ThresholdRule.FIXED_05 ? 0.5 : 0.3;
        m.add(
            new MetricRow(
                c.trialId(), "dev_seen", r.dbName(), t, 20, dev, 0.5, 0.4, 0.1 * c.seed(), dev));
        m.add(
            new MetricRow(c.trialId(), "dev_unseen", r.dbName(), t, 20, 0.5, 0.5, 0.5, 0.5, 0.61));
        if (ctx.testLabeled()) {
          m.add(
              new MetricRow(
                  c.trialId(), "test_seen", r.dbName(), t, 20, test, 0.5, 0.5, 0.5, test));
        }
      }
      List<PredictionRow> p =
          List.of(
              new PredictionRow(
                  c.trialId(), "test_seen", "42", ctx.testLabeled() ? 1 : null, 0.5f));
      store.complete(c, new TrialOutcome(1, m, p, JSON.createObjectNode()));
      done++;
    }
    return id;
  }

  @Test
  void choosesTheConfigurationOnMeanDevAurocAndReportsMeanAndStd() {
    long id = runSweep(spec("selection"), context("test_seen", true, List.of()), Integer.MAX_VALUE);
    SweepResults r = query.results(id);
    assertThat(r.sweepName()).isEqualTo("selection");
    assertThat(r.devTables()).extracting(ResultTable::rule).containsExactly(ThresholdRule.values());
    ResultTable dev = r.devTables().get(0);
    assertThat(dev.split()).isEqualTo("dev_seen");
    assertThat(dev.note()).isEmpty();
    ModelRow text = dev.rows().get(0);
    assertThat(text.model()).isEqualTo("text");
    assertThat(text.configKey()).contains("lr0.001");
    assertThat(text.hyperparams().get("lr").asDouble()).isEqualTo(0.001);
    assertThat(text.trialIds()).hasSize(3);
    MeanStd auroc = text.metrics().get(Metric.AUROC);
    assertThat(auroc.mean()).isCloseTo(0.72, within(1e-12));
    assertThat(auroc.std()).isCloseTo(0.02, within(1e-12));
    assertThat(auroc.n()).isEqualTo(3);
    assertThat(text.metrics().get(Metric.F1).mean()).isCloseTo(0.1, within(1e-12));
    assertThat(dev.rows().get(1).model()).isEqualTo("image");
    assertThat(dev.rows().get(1).configKey()).contains("lr0.01");
    // test: the same configuration, never the one best on test
    ResultTable test = r.testTables().get(1);
    assertThat(test.split()).isEqualTo("test_seen");
    assertThat(test.rule()).isEqualTo(ThresholdRule.TRAIN_HOLDOUT);
    assertThat(test.rows().get(0).configKey()).isEqualTo(text.configKey());
    assertThat(test.rows().get(0).metrics().get(Metric.AUROC).mean())
        .isCloseTo(0.67, within(1e-12));
    assertThat(test.rows().get(0).trialIds()).isEqualTo(text.trialIds());
    // the extra labeled split gets its tables too
    assertThat(query.extraTables(id)).extracting(ResultTable::split).containsOnly("dev_unseen");
  }

  @Test
  void anUnlabeledTestHasNoRowsAndSaysWhy() {
    long id =
        runSweep(spec("unlabeled"), context("test_unseen", false, List.of()), Integer.MAX_VALUE);
    SweepResults r = query.results(id);
    assertThat(r.devTables().get(0).rows()).hasSize(2);
    for (ResultTable t : r.testTables()) {
      assertThat(t.rows()).isEmpty();
      assertThat(t.split()).isEqualTo("test_unseen");
      assertThat(t.note())
          .contains("test split test_unseen is unlabeled: predictions stored, metrics skipped");
    }
    StringWriter trials = new StringWriter();
    StringWriter predictions = new StringWriter();
    CsvExports csv = new CsvExports(db.jdbi());
    csv.writeTrials(id, trials);
    assertThat(csv.writePredictions(id, predictions)).isEqualTo(12);
    assertThat(trials.toString()).doesNotContain("test_seen").doesNotContain("test_unseen");
    assertThat(predictions.toString()).contains(",test_seen,42,,0.5\n");
    assertThat(TableFormat.MD.render(r))
        .contains("is unlabeled: predictions stored, metrics skipped");
  }

  @Test
  void aPartialSweepSaysSoAndListsModelsWithoutTrials() {
    long id =
        runSweep(
            spec("partial"),
            context("test_seen", true, List.of("Image encoder has random weights.")),
            1);
    ResultTable dev = query.results(id).devTables().get(0);
    assertThat(dev.rows()).extracting(ModelRow::model).containsExactly("text");
    assertThat(dev.rows().get(0).metrics().get(Metric.AUROC).std()).isZero();
    assertThat(dev.note())
        .contains("Partial: 1 of 12 trials done.")
        .contains("No finished trials yet for image.")
        .contains("Image encoder has random weights.");
  }

  @Test
  void formats() {
    long id =
        runSweep(
            spec("lr_study & 50% #1"), context("test_seen", true, List.of()), Integer.MAX_VALUE);
    SweepResults r = query.results(id);
    String md = TableFormat.MD.render(r);
    assertThat(md)
        .contains("# Sweep " + id + ": lr\\_study & 50% #1")
        .contains("## Dev: dev\\_seen, threshold fixed_0.5")
        .contains("## Test: test\\_seen, threshold train_holdout")
        .contains("| Model | Configuration | Seeds | Accuracy | Precision | Recall | F1 | AUROC |")
        .contains(
            "| text | `h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5` | 3 | **0.720 ± 0.020** | 0.500 ± 0.000 |")
        .contains("| image | `h256-lr0.01-do0.2-wd0-bs128-ep30-pw1-pa5` | 3 | 0.660 ± 0.010 |");
    String latex = TableFormat.LATEX.render(r);
    assertThat(latex)
        .contains("% memefusion sweep " + id + " (lr\\_study \\& 50\\% \\#1)")
        .contains("\\caption{Dev (dev\\_seen), threshold fixed\\_0.5")
        .contains(
            "\\toprule\nModel & Configuration & Seeds & Accuracy & Precision & Recall & F1 & AUROC \\\\")
        .contains(
            "text & \\texttt{h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5} & 3 & $\\mathbf{0.720 \\pm 0.020}$")
        .doesNotContain("±");
    // the 4 tables, then the seed ensembles of test_seen (the only split with predictions here)
    assertThat(latex.split("\\\\begin\\{tabular\\}", -1)).hasSize(5 + 2);
    assertThat(latex.indexOf("\\caption{Seed ensembles"))
        .isGreaterThan(latex.lastIndexOf("AUROC."));
    String csv = TableFormat.CSV.render(r);
    // the model rows end at the blank line before the seed ensembles' block
    String[] lines = csv.substring(0, csv.indexOf("\n\n") + 1).split("\n");
    assertThat(lines[0])
        .isEqualTo(
            "split,threshold_rule,model,config_key,seeds,trial_ids,accuracy_mean,accuracy_std,"
                + "precision_mean,precision_std,recall_mean,recall_std,f1_mean,f1_std,auroc_mean,auroc_std");
    assertThat(lines).hasSize(1 + 4 * 2);
    assertThat(lines[1])
        .startsWith("dev_seen,fixed_0.5,text,h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5,3,");
    String text = TableFormat.TEXT.render(r);
    assertThat(text)
        .contains("Dev (dev_seen, threshold fixed_0.5), mean ± std over seeds:")
        .contains("0.720 ± 0.020");
    StringWriter trials = new StringWriter();
    long n = new CsvExports(db.jdbi()).writeTrials(id, trials);
    assertThat(n).isEqualTo(12 * 3 * 2);
    assertThat(trials.toString()).startsWith(CsvExports.TRIALS_HEADER + "\n");
    assertThat(trials.toString())
        .containsPattern("\\n\\d+,text,0,dev_seen,fixed_0.5,0.5,20,0.7,0.5,0.4,0.0,0.7\\n");
  }
}
