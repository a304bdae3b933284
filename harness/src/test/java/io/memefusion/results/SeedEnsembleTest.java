package io.memefusion.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.db.Database;
import io.memefusion.db.MetricRow;
import io.memefusion.db.PredictionRow;
import io.memefusion.eval.Auroc;
import io.memefusion.eval.BinaryMetrics;
import io.memefusion.eval.Bootstrap;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.TableFormat;
import io.memefusion.sweep.Claim;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepSpec;
import io.memefusion.sweep.SweepStore;
import io.memefusion.sweep.TrialOutcome;
import io.memefusion.sweep.WorkerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed-ensemble rows on a sweep small enough to score by hand: 3 seeds × 4 memes, stored
 * through the sweep store (the DAOs the runner uses) in the embedded PostgreSQL.
 */
@Timeout(120)
class SeedEnsembleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DEV_IDS = List.of("a", "b", "c", "d");
  private static final int[] DEV_LABELS = {1, 0, 1, 0};

  /**
   * P(hateful) of the chosen configuration (lr 0.001) per seed on memes a, b, c, d (labels 1, 0, 1,
   * 0). Seed AUROCs, pairs (a,b) (a,d) (c,b) (c,d): seed 0 1+1+0+0 = 0.5; seed 1 1+0+1+1 = 0.75;
   * seed 2 1+0+1+0 = 0.5; mean 0.58333.
   *
   * <p>Averaged: a (0.75+0.375+0.5)/3 = 0.541667; b (0.625+0.25+0.125)/3 = 1/3 = 0.33333334f; c
   * (0.25+0.875+0.625)/3 = 0.583333; d (0.375+0.625+0.75)/3 = 0.583333 — c and d tie. Ensemble
   * AUROC: (a,b) 1, (a,d) 0, (c,b) 1, (c,d) ½ → 2.5/4 = 0.625, above the seeds' mean by 0.041667.
   * At 0.5: a, c and d flagged → tp 2, fp 1, tn 1, fn 0: accuracy 0.75, precision 2/3, recall 1, F1
   * 4/5.
   */
  private static final float[][] DEV = {
    {0.75f, 0.625f, 0.25f, 0.375f},
    {0.375f, 0.25f, 0.875f, 0.625f},
    {0.5f, 0.125f, 0.625f, 0.75f}
  };

  /**
   * The train hold-out (h1..h4, labels 1, 0, 1, 0), averaged: h1 0.75, h2 (0.25+0.5+0.75)/3 = 0.5,
   * h3 (0.5+0.625+0.75)/3 = 0.625, h4 (0.125+0.25+0.375)/3 = 0.25. Best F1: flagging h1 and h3
   * gives F1 1, so the ensemble's threshold is 0.625 (the seeds' own thresholds, 0.3, are not
   * averaged). On dev at 0.625 nothing is flagged (0.583 < 0.625): accuracy 0.5, precision, recall
   * and F1 0.
   */
  private static final float[][] HOLDOUT = {
    {0.75f, 0.25f, 0.5f, 0.125f},
    {0.75f, 0.5f, 0.625f, 0.25f},
    {0.75f, 0.75f, 0.75f, 0.375f}
  };

  private static Database db;
  private static SweepStore store;

  @BeforeAll
  static void start() {
    db = Database.temporary();
    store = new SweepStore(db);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void theEnsembleRowIsTheHandComputedAverageScoredAsOneModel() {
    long id = sweep("hand", 3, SeedEnsembleTest::handPredictions);
    SweepResults r = new SweepResultsQuery(db.jdbi()).results(id);

    ResultTable dev = r.devTables().get(0);
    assertThat(dev.rule()).isEqualTo(ThresholdRule.FIXED_05);
    ModelRow seeds = dev.rows().get(0);
    assertThat(seeds.configKey()).contains("lr0.001");
    assertThat(seeds.metrics().get(Metric.AUROC).mean()).isCloseTo(0.58333333, within(1e-8));
    assertThat(dev.ensembles().rows()).hasSize(1);
    EnsembleRow e = dev.ensembles().rows().get(0);
    assertThat(e.seeds()).isSameAs(seeds);
    assertThat(e.label()).isEqualTo("text — seed ensemble (3 seeds)");
    assertThat(e.memes()).isEqualTo(4);
    assertThat(e.threshold()).isEqualTo(0.5);
    assertThat(e.value(Metric.AUROC)).isEqualTo(0.625);
    assertThat(e.value(Metric.ACCURACY)).isEqualTo(0.75);
    assertThat(e.value(Metric.PRECISION)).isEqualTo(2.0 / 3);
    assertThat(e.value(Metric.RECALL)).isEqualTo(1.0);
    assertThat(e.value(Metric.F1)).isEqualTo(0.8);
    assertThat(e.gain().difference().estimate()).isCloseTo(0.625 - 1.75 / 3, within(1e-12));
    assertThat(e.auroc().estimate()).isEqualTo(0.625);
    assertThat(e.auroc().resamples()).isEqualTo(Bootstrap.DEFAULT_RESAMPLES);
    assertThat(e.auroc().lower()).isLessThan(0.625);
    assertThat(e.auroc().upper()).isEqualTo(1.0);
    assertThat(dev.ensembles().notes()).isEmpty();

    // train_holdout: the ensemble's own best-F1 threshold on the hold-out
    EnsembleRow holdout = r.devTables().get(1).ensembles().rows().get(0);
    assertThat(holdout.threshold()).isEqualTo(0.625);
    assertThat(holdout.value(Metric.ACCURACY)).isEqualTo(0.5);
    assertThat(holdout.value(Metric.F1)).isZero();
    assertThat(holdout.value(Metric.AUROC)).isEqualTo(0.625);

    // test: the configuration chosen on dev, its seeds averaged the same way
    EnsembleRow test = r.testTables().get(0).ensembles().rows().get(0);
    assertThat(test.seeds().trialIds()).isEqualTo(seeds.trialIds());
    assertThat(test.value(Metric.AUROC)).isEqualTo(0.625);
  }

  @Test
  void theExportsAppendTheEnsembleRowsAfterTheTables() {
    long id = sweep("formats", 3, SeedEnsembleTest::handPredictions);
    SweepResults r = new SweepResultsQuery(db.jdbi()).results(id);
    ModelRow seeds = r.devTables().get(0).rows().get(0);
    String config = seeds.configKey();
    String trials = String.join(" ", seeds.trialIds().stream().map(String::valueOf).toList());

    String md = TableFormat.MD.render(r);
    assertThat(md)
        .contains(
            "| text — seed ensemble (3 seeds) | `"
                + config
                + "` | 3 | 4 | 0.5 | 0.750 | 0.667 | 1.000 | 0.800 | 0.625 | [")
        .contains("### Test: test\\_seen, threshold train_holdout, seed ensembles")
        .contains("| 3 | 4 | 0.625 | 0.500 | 0.000 | 0.000 | 0.000 | 0.625 | [")
        .contains("| +0.042 [");
    // after every line of the tables, which stay as they were
    assertThat(md.indexOf("## Seed ensembles"))
        .isGreaterThan(md.lastIndexOf("## Test: test\\_seen, threshold train_holdout\n"));
    assertThat(md.substring(0, md.indexOf("\n## Seed ensembles"))).doesNotContain("seed ensemble");

    String[] csv = TableFormat.CSV.render(r).split("\n", -1);
    // 1 header + 4 tables × 1 model, a blank line, the ensembles' header and their 4 rows
    assertThat(csv).hasSize(1 + 4 + 1 + 1 + 4 + 1);
    assertThat(csv[5]).isEmpty();
    assertThat(csv[6])
        .isEqualTo(
            "table,split,threshold_rule,model,config_key,seeds,trial_ids,memes,threshold,accuracy,"
                + "precision,recall,f1,auroc,auroc_ci_lower,auroc_ci_upper,auroc_gain,"
                + "auroc_gain_ci_lower,auroc_gain_ci_upper");
    assertThat(csv[7])
        .startsWith(
            "seed_ensemble,dev_seen,fixed_0.5,text,"
                + config
                + ",3,"
                + trials
                + ",4,0.5,0.75,0.6666666666666666,1.0,0.8,0.625,");
    String[] fields = csv[7].split(",");
    assertThat(fields).hasSize(19);
    assertThat(fields[15]).isEqualTo("1.0"); // the AUROC interval's upper end
    assertThat(fields[16]).isEqualTo(Double.toString(0.625 - 1.75 / 3)); // the gain
    assertThat(csv[8])
        .startsWith("seed_ensemble,dev_seen,train_holdout,text,")
        .contains(",4,0.625,0.5,0.0,");

    String latex = TableFormat.LATEX.render(r);
    assertThat(latex)
        .contains("\\caption{Seed ensembles, Dev (dev\\_seen), threshold fixed\\_0.5:")
        .contains(
            "text --- seed ensemble (3 seeds) & \\texttt{"
                + config
                + "} & 3 & 4 & 0.5 & $0.750$ & $0.667$ & $1.000$ & $0.800$ & $0.625$ & $[")
        .doesNotContain("±")
        .doesNotContain("—");
    assertThat(latex.split("\\\\begin\\{tabular\\}", -1)).hasSize(1 + 4 + 4);
    assertThat(TableFormat.TEXT.render(r)).contains("text — seed ensemble (3 seeds)");
  }

  @Test
  void seedsThatScoredDifferentMemesAreAveragedOnTheSharedOnesAndSaidSo() {
    // seed 2 did not score meme d: a, b, c remain; a (0.541667) and c (0.583333) above b (0.333)
    long id =
        sweep(
            "fewer memes",
            3,
            (c, split) -> {
              List<PredictionRow> rows = handPredictions(c, split);
              rows.removeIf(p -> c.seed() == 2 && p.memeId().equals("d"));
              return rows;
            });
    ResultTable dev = new SweepResultsQuery(db.jdbi()).results(id).devTables().get(0);
    EnsembleRow e = dev.ensembles().rows().get(0);
    assertThat(e.memes()).isEqualTo(3);
    assertThat(e.value(Metric.AUROC)).isEqualTo(1.0);
    assertThat(dev.ensembles().notes())
        .containsExactly(
            "text: its seeds scored different memes on dev_seen; the ensemble averages the 3"
                + " memes all 3 seeds scored.");
  }

  @Test
  void oneSeedGetsNoEnsembleRowButANote() {
    long id = sweep("one seed", 1, SeedEnsembleTest::handPredictions);
    ResultTable dev = new SweepResultsQuery(db.jdbi()).results(id).devTables().get(0);
    assertThat(dev.rows()).hasSize(1);
    assertThat(dev.ensembles().rows()).isEmpty();
    assertThat(dev.ensembles().notes())
        .containsExactly(
            "text has one seed: no seed-ensemble row (it would equal the model's own row).");
  }

  /** The hand example for the chosen configuration; 0.9 everywhere for the other one. */
  private static List<PredictionRow> handPredictions(Claim c, String split) {
    boolean chosen = c.hp().learningRate() == 0.001;
    List<PredictionRow> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      float dev = chosen ? DEV[c.seed()][i] : 0.9f;
      float holdout = chosen ? HOLDOUT[c.seed()][i] : 0.9f;
      String id = split.equals("holdout") ? "h" + (i + 1) : DEV_IDS.get(i);
      float p = split.equals("holdout") ? holdout : dev;
      rows.add(new PredictionRow(c.trialId(), split, id, DEV_LABELS[i], p));
    }
    return rows;
  }

  /** text × lr {0.001, 0.01} × seeds, every trial scored on dev, hold-out and test. */
  private static long sweep(
      String name, int seeds, BiFunction<Claim, String, List<PredictionRow>> predictions) {
    ObjectNode tree = JSON.createObjectNode().put("name", name).put("seeds", seeds);
    tree.putArray("models").add("text");
    SpecParser.applyParam(tree, "lr=0.001,0.01");
    SweepSpec spec = SpecParser.parse(tree, "test");
    SweepContext context =
        SweepContext.builder()
            .dataset("hand", "/data/hand", "abc")
            .featuresKey("features-1")
            .trainSplit("train")
            .holdoutSplit(SweepContext.THRESHOLD_HOLDOUT)
            .devSplit("dev_seen")
            .testSplit("test_seen")
            .testLabeled(true)
            .rows(Map.of("train", 8, "holdout", 4, "dev_seen", 4, "test_seen", 4))
            .build();
    long id = store.create(spec, null, context.toJson());
    WorkerId w = new WorkerId("h", 1, null, "h:1/0");
    for (List<Claim> got = store.claim(id, w, 1); !got.isEmpty(); got = store.claim(id, w, 1)) {
      Claim c = got.get(0);
      List<PredictionRow> all = new ArrayList<>();
      List<MetricRow> metrics = new ArrayList<>();
      for (String split : List.of("dev_seen", "holdout", "test_seen")) {
        List<PredictionRow> rows = predictions.apply(c, split);
        all.addAll(rows);
        float[] p = new float[rows.size()];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < p.length; i++) {
          p[i] = rows.get(i).proba();
          labels[i] = rows.get(i).label();
        }
        for (ThresholdRule rule : ThresholdRule.values()) {
          double t = rule == ThresholdRule.FIXED_05 ? 0.5 : 0.3;
          BinaryMetrics m = BinaryMetrics.at(p, labels, t);
          metrics.add(
              new MetricRow(
                  c.trialId(),
                  split,
                  rule.dbName(),
                  t,
                  m.n(),
                  m.accuracy(),
                  m.precision(),
                  m.recall(),
                  m.f1(),
                  Auroc.of(p, labels).getAsDouble()));
        }
      }
      store.complete(c, new TrialOutcome(1, metrics, all, JSON.createObjectNode()));
    }
    return id;
  }
}
