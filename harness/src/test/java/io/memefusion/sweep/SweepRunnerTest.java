package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.data.Dataset;
import io.memefusion.db.Database;
import io.memefusion.db.EpochDao;
import io.memefusion.db.EpochRow;
import io.memefusion.db.MetricDao;
import io.memefusion.db.TrialCounts;
import io.memefusion.db.TrialMetricView;
import io.memefusion.db.TrialRow;
import io.memefusion.eval.Auroc;
import io.memefusion.eval.BinaryMetrics;
import io.memefusion.export.CsvExports;
import io.memefusion.export.TableFormat;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real training (tiny heads on small synthetic features) against a real PostgreSQL. */
@org.junit.jupiter.api.Timeout(600)
class SweepRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Database db;
  private static Study study;
  private static Dataset dataset;
  private static StudyFeatures features;

  @BeforeAll
  static void start() {
    db = Database.temporary();
    HeadTrainer trainer = new HeadTrainer(1);
    study = new Study(db, () -> trainer);
    dataset = StudyFixture.dataset(160, 50, 50, true, "dev_unseen");
    features = StudyFixture.features(dataset, 12, 6, Set.of());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** 4 models × 1 config × 2 seeds = 8 trials of 4 epochs. */
  static SweepSpec spec(String name) {
    ObjectNode tree = JSON.createObjectNode().put("name", name).put("seeds", 2);
    for (String p : List.of("hidden=16", "lr=0.01", "batch_size=32", "epochs=4", "patience=0")) {
      SpecParser.applyParam(tree, p);
    }
    return SpecParser.parse(tree, "test");
  }

  static SweepRunner.Options options(int workers, int group) {
    return SweepRunner.Options.defaults().withWorkers(workers).withGroupSize(group);
  }

  @Test
  void runsEveryTrialByTheProtocolAndExportsConsistentNumbers() throws Exception {
    long id = study.run(dataset, features, spec("protocol"), options(2, 2), Progress.NONE);
    SweepStore store = study.store();
    assertThat(store.counts(id)).isEqualTo(new TrialCounts(0, 0, 8, 0));
    assertThat(store.sweep(id).status()).isEqualTo("done");
    List<TrialRow> trials = store.trials(id);
    assertThat(trials).extracting(TrialRow::attempts).containsOnly(1);
    assertThat(trials).allSatisfy(t -> assertThat(t.bestEpoch()).isBetween(1, 4));
    assertThat(trials)
        .allSatisfy(t -> assertThat(t.timings().get("train_s").asDouble()).isPositive());
    for (TrialRow t : trials) {
      assertThat(epochs(t.id())).hasSize(4);
    }
    List<TrialMetricView> metrics = metrics(id);
    // dev, hold-out, test, dev_unseen × both rules, per trial
    assertThat(metrics).hasSize(8 * 4 * 2);
    assertThat(metrics)
        .extracting(TrialMetricView::split)
        .containsOnly("dev_seen", "holdout", "test_seen", "dev_unseen");
    Map<Long, Set<Double>> holdoutThresholds = new HashMap<>();
    for (TrialMetricView m : metrics) {
      if (m.thresholdRule().equals("train_holdout")) {
        holdoutThresholds
            .computeIfAbsent(m.trialId(), k -> new java.util.HashSet<>())
            .add(m.threshold());
      } else {
        assertThat(m.threshold()).isEqualTo(0.5);
      }
    }
    // one threshold per trial, chosen on the hold-out, applied to every split
    assertThat(holdoutThresholds.values()).allSatisfy(s -> assertThat(s).hasSize(1));

    // the exported AUROC and F1 are what the exported predictions give
    StringWriter trialsCsv = new StringWriter();
    StringWriter predictionsCsv = new StringWriter();
    CsvExports csv = new CsvExports(db.jdbi());
    csv.writeTrials(id, trialsCsv);
    csv.writePredictions(id, predictionsCsv);
    Map<String, List<String[]>> byTrialSplit = new TreeMap<>();
    predictionsCsv
        .toString()
        .lines()
        .skip(1)
        .forEach(
            l -> {
              String[] f = l.split(",", -1);
              byTrialSplit.computeIfAbsent(f[0] + "/" + f[1], k -> new ArrayList<>()).add(f);
            });
    List<String> trialRows = trialsCsv.toString().lines().skip(1).toList();
    assertThat(trialRows).hasSize(64);
    for (String row : trialRows) {
      String[] f = row.split(",", -1);
      List<String[]> preds = byTrialSplit.get(f[0] + "/" + f[3]);
      float[] proba = new float[preds.size()];
      int[] labels = new int[preds.size()];
      for (int i = 0; i < proba.length; i++) {
        labels[i] = Integer.parseInt(preds.get(i)[3]);
        proba[i] = Float.parseFloat(preds.get(i)[4]);
      }
      assertThat(Integer.parseInt(f[6])).isEqualTo(proba.length);
      assertThat(Auroc.of(proba, labels).getAsDouble()).isEqualTo(Double.parseDouble(f[11]));
      // the threshold is printed as the float32 it is, like the probabilities
      BinaryMetrics at = BinaryMetrics.at(proba, labels, Float.parseFloat(f[5]));
      assertThat(at.f1()).isEqualTo(Double.parseDouble(f[10]));
      assertThat(at.accuracy()).isEqualTo(Double.parseDouble(f[7]));
    }

    SweepResults r = new SweepResultsQuery(db.jdbi()).results(id);
    for (ResultTable t : List.of(r.devTables().get(0), r.testTables().get(1))) {
      assertThat(t.rows())
          .extracting(ModelRow::model)
          .containsExactly("text", "image", "early_fusion", "late_fusion");
      assertThat(t.rows()).allSatisfy(row -> assertThat(row.trialIds()).hasSize(2));
    }
    assertThat(r.devTables().get(0).note()).contains("Image features are synthetic.");
    assertThat(TableFormat.TEXT.render(r)).contains("Test (test_seen, threshold train_holdout)");
  }

  @Test
  void theSameSeedTwiceGivesIdenticalNumbers() {
    SweepRunner.Options one = options(1, 1);
    long a = study.run(dataset, features, spec("a"), one, Progress.NONE);
    // trained in groups of 4 on two threads this time: the numbers must not move
    long b = study.run(dataset, features, spec("b"), options(2, 4), Progress.NONE);
    assertThat(numbers(b)).isEqualTo(numbers(a));
    assertThat(predictions(b)).isEqualTo(predictions(a));
  }

  @Test
  void aSweepStoppedMidwayAndResumedRecordsEveryTrialOnce() {
    long id = study.create(dataset, features, spec("resume"));
    SweepRunner.Summary first =
        study.work(id, dataset, features, options(1, 1).withMaxTrials(3), Progress.NONE);
    assertThat(first.done()).isEqualTo(3);
    assertThat(study.store().counts(id)).isEqualTo(new TrialCounts(5, 0, 3, 0));
    // a worker process dies in the middle of a trial: claimed, two epochs written, then gone
    WorkerId dead = new WorkerId(WorkerId.current(0).host(), deadPid(), Instant.now(), "dead/0");
    Claim half = study.store().claim(id, dead, 1).get(0);
    study.store().recordEpoch(half, 1, 0.7, 0.7, 0.5);
    study.store().recordEpoch(half, 2, 0.6, 0.7, 0.55);
    assertThat(study.store().sweep(id).status()).isEqualTo("running");

    SweepRunner.Summary second = study.work(id, dataset, features, options(2, 2), Progress.NONE);
    assertThat(second.done()).isEqualTo(5);
    assertThat(study.store().counts(id)).isEqualTo(new TrialCounts(0, 0, 8, 0));
    List<TrialRow> trials = study.store().trials(id);
    assertThat(trials)
        .filteredOn(t -> t.id() == half.trialId())
        .extracting(TrialRow::attempts)
        .containsExactly(2);
    assertThat(trials)
        .filteredOn(t -> t.id() != half.trialId())
        .extracting(TrialRow::attempts)
        .containsOnly(1);
    // the dead attempt's epochs are gone: 4 epochs of the attempt that finished
    assertThat(epochs(half.trialId()))
        .hasSize(4)
        .noneMatch(e -> e.trainLoss() == 0.7 || e.trainLoss() == 0.6);
    assertThat(metrics(id)).hasSize(64);
    // and the numbers equal those of a sweep never interrupted
    long clean = study.run(dataset, features, spec("clean"), options(1, 1), Progress.NONE);
    assertThat(numbers(id)).isEqualTo(numbers(clean));
  }

  @Test
  void anUnlabeledTestGetsPredictionsButNoMetrics() {
    Dataset unlabeled = StudyFixture.dataset(160, 50, 50, false);
    StudyFeatures f = StudyFixture.features(unlabeled, 12, 6, Set.of());
    ObjectNode tree = spec("unlabeled").toJson();
    tree.putArray("models").add("text");
    tree.put("seeds", 1);
    long id = study.run(unlabeled, f, SpecParser.parse(tree, "t"), options(1, 1), Progress.NONE);
    List<TrialMetricView> metrics = metrics(id);
    assertThat(metrics).extracting(TrialMetricView::split).containsOnly("dev_seen", "holdout");
    long testPredictions =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM prediction p JOIN trial t ON t.id = p.trial_id"
                                + " WHERE t.sweep_id = :s AND p.split = 'test_seen' AND p.label IS NULL")
                        .bind("s", id)
                        .mapTo(Long.class)
                        .one());
    assertThat(testPredictions).isEqualTo(50);
    SweepResults r = new SweepResultsQuery(db.jdbi()).results(id);
    assertThat(r.testTables())
        .allSatisfy(
            t -> {
              assertThat(t.rows()).isEmpty();
              assertThat(t.note()).contains("unlabeled: predictions stored, metrics skipped");
            });
  }

  @Test
  void aTextOnlySweepRunsWithoutImagesAndHoldoutTestIsRecorded() {
    Dataset unlabeled = StudyFixture.dataset(200, 50, 50, false);
    StudyFeatures textOnly = StudyFixture.features(unlabeled, 12, 0, Set.of());
    ObjectNode tree = spec("text-only").toJson();
    tree.putArray("models").add("text");
    tree.put("holdout_test", 0.2);
    long id =
        study.run(unlabeled, textOnly, SpecParser.parse(tree, "t"), options(2, 1), Progress.NONE);
    assertThat(study.store().counts(id).done()).isEqualTo(2);
    SweepContext ctx = SweepContext.fromJson(study.store().sweep(id).context());
    assertThat(ctx.testSplit()).isEqualTo("holdout_test");
    assertThat(ctx.holdoutTest()).isEqualTo(0.2);
    assertThat(ctx.extraSplits()).containsExactly("test_seen");
    SweepResults r = new SweepResultsQuery(db.jdbi()).results(id);
    assertThat(r.testTables().get(0).split()).isEqualTo("holdout_test");
    assertThat(r.testTables().get(0).rows()).hasSize(1);
    assertThat(r.testTables().get(0).note()).contains("stratified 20% of train held out");
  }

  /** (model, seed, split, rule) -> every number of the trial_metric row. */
  private static Map<String, List<Object>> numbers(long sweepId) {
    Map<String, List<Object>> out = new TreeMap<>();
    for (TrialMetricView m : metrics(sweepId)) {
      out.put(
          m.model() + "/" + m.seed() + "/" + m.split() + "/" + m.thresholdRule(),
          List.of(
              m.threshold(), m.n(), m.accuracy(), m.precision(), m.recall(), m.f1(), m.auroc()));
    }
    return out;
  }

  private static Map<String, Float> predictions(long sweepId) {
    Map<String, Float> out = new TreeMap<>();
    db.jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT t.model, t.seed, p.split, p.meme_id, p.proba FROM prediction p"
                            + " JOIN trial t ON t.id = p.trial_id WHERE t.sweep_id = :s")
                    .bind("s", sweepId)
                    .map(
                        (rs, ctx) ->
                            Map.entry(
                                rs.getString(1)
                                    + "/"
                                    + rs.getInt(2)
                                    + "/"
                                    + rs.getString(3)
                                    + "/"
                                    + rs.getString(4),
                                rs.getFloat(5)))
                    .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  @Test
  void anOutOfMemoryInATrialFailsThatTrialWithAMessageAndTheOthersRun() {
    // 65,536-d features and hidden 16384: the first layer's initial weights want 4 GB of heap
    // (more than the test JVM's 3 GB, so the JVM refuses at once instead of filling memory)
    Dataset d = StudyFixture.dataset(40, 20, 0, true);
    StudyFeatures wide = StudyFixture.features(d, 65_536, 0, Set.of());
    ObjectNode tree = JSON.createObjectNode().put("name", "oom").put("seeds", 1);
    tree.putArray("models").add("text");
    for (String p : List.of("hidden=16384,8", "lr=0.01", "batch_size=32", "epochs=1")) {
      SpecParser.applyParam(tree, p);
    }
    long id = study.run(d, wide, SpecParser.parse(tree, "t"), options(1, 1), Progress.NONE);
    assertThat(study.store().counts(id)).isEqualTo(new TrialCounts(0, 0, 1, 1));
    TrialRow failed =
        study.store().trials(id).stream()
            .filter(t -> t.status().equals("failed"))
            .findFirst()
            .get();
    assertThat(failed.hyperparams().get("hidden").asInt()).isEqualTo(16384);
    assertThat(failed.error())
        .startsWith("out of memory (Java heap space) training 1 trial(s) with hidden=16384")
        .contains("lower hidden or batch_size");
    assertThat(study.store().failures(id))
        .containsExactly(new io.memefusion.db.FailureCause(failed.error(), 1));
  }

  @Test
  void eachEpochOfATrialIsReportedAsProgress() {
    List<String> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    Progress recording =
        new Progress() {
          @Override
          public void start(String task, long total, String unit) {}

          @Override
          public void advance(long amount) {}

          @Override
          public void done(String summary) {}

          @Override
          public void status(String detail) {
            statuses.add(detail);
          }
        };
    ObjectNode tree = spec("epochs").toJson();
    tree.putArray("models").add("text");
    tree.put("seeds", 1);
    long id = study.run(dataset, features, SpecParser.parse(tree, "t"), options(1, 1), recording);
    long trial = study.store().trials(id).get(0).id();
    assertThat(statuses)
        .containsExactly(
            "trial " + trial + ": epoch 1/4",
            "trial " + trial + ": epoch 2/4",
            "trial " + trial + ": epoch 3/4",
            "trial " + trial + ": epoch 4/4");
  }

  private static List<EpochRow> epochs(long trialId) {
    return db.jdbi().withExtension(EpochDao.class, d -> d.ofTrial(trialId));
  }

  private static List<TrialMetricView> metrics(long sweepId) {
    return db.jdbi().withExtension(MetricDao.class, d -> d.ofSweep(sweepId));
  }

  private static long deadPid() {
    try {
      Process p = new ProcessBuilder("true").start();
      p.waitFor();
      return p.pid();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
