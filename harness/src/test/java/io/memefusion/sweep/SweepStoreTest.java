package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.db.Database;
import io.memefusion.db.EpochDao;
import io.memefusion.db.MetricRow;
import io.memefusion.db.PredictionRow;
import io.memefusion.db.TrialCounts;
import io.memefusion.db.TrialRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SweepStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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

  /** 4 models x 2 configs x 5 seeds = 40 trials. */
  private static long newSweep() {
    ObjectNode tree = JSON.createObjectNode();
    SpecParser.applyParam(tree, "lr=0.001,0.01");
    return store.create(SpecParser.parse(tree, "test"), null, JSON.createObjectNode());
  }

  static TrialOutcome outcome(Claim c) {
    List<MetricRow> metrics = new ArrayList<>();
    for (String split : List.of("dev", "test")) {
      metrics.add(new MetricRow(c.trialId(), split, "fixed_0.5", 0.5, 3, 0.6, 0.5, 0.4, 0.44, 0.7));
      metrics.add(
          new MetricRow(c.trialId(), split, "train_holdout", 0.31, 3, 0.6, 0.5, 0.4, 0.44, 0.7));
    }
    List<PredictionRow> predictions =
        List.of(
            new PredictionRow(c.trialId(), "dev", "a,1", 1, 0.75f),
            new PredictionRow(c.trialId(), "dev", "b\"2", 0, 0.125f),
            new PredictionRow(c.trialId(), "test", "c", null, 1e-7f));
    return new TrialOutcome(3, metrics, predictions, JSON.createObjectNode().put("train_s", 0.1));
  }

  @Test
  void twoConcurrentWorkersClaimEveryTrialExactlyOnce() throws Exception {
    long sweep = newSweep();
    assertThat(store.counts(sweep)).isEqualTo(new TrialCounts(40, 0, 0, 0));
    assertThat(store.sweep(sweep).status()).isEqualTo("queued");
    List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> done = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      WorkerId worker = new WorkerId("host-" + w, 1000 + w, null, "host-" + w + ":1/0");
      done.add(
          pool.submit(
              () -> {
                go.await();
                int n = 0;
                for (List<Claim> got = store.claim(sweep, worker, 1);
                    !got.isEmpty();
                    got = store.claim(sweep, worker, 1)) {
                  Claim c = got.get(0);
                  claimed.add(c.trialId());
                  assertThat(store.recordEpoch(c, 1, 0.69, 0.7, 0.5)).isTrue();
                  store.complete(c, outcome(c));
                  n++;
                }
                return n;
              }));
    }
    go.countDown();
    int total = 0;
    for (Future<Integer> f : done) {
      int n = f.get();
      assertThat(n).isPositive(); // both workers got some
      total += n;
    }
    pool.shutdown();
    assertThat(total).isEqualTo(40);
    assertThat(claimed).doesNotHaveDuplicates().hasSize(40);
    assertThat(store.counts(sweep)).isEqualTo(new TrialCounts(0, 0, 40, 0));
    assertThat(store.sweep(sweep).status()).isEqualTo("done");
    assertThat(store.sweep(sweep).finishedAt()).isNotNull();
    assertThat(store.trials(sweep)).extracting(TrialRow::attempts).containsOnly(1);
    assertThat(
            count(
                "SELECT count(*) FROM trial_metric m JOIN trial t ON t.id = m.trial_id"
                    + " WHERE t.sweep_id = "
                    + sweep))
        .isEqualTo(160);
  }

  @Test
  void batchClaimsAreInOrdinalOrderAndDisjoint() {
    long sweep = newSweep();
    WorkerId a = new WorkerId("h", 1, null, "h:1/0");
    List<Claim> first = store.claim(sweep, a, 3);
    List<Claim> second = store.claim(sweep, a.thread(1), 3);
    assertThat(first).extracting(Claim::ordinal).containsExactly(0, 1, 2);
    assertThat(second).extracting(Claim::ordinal).containsExactly(3, 4, 5);
    assertThat(store.sweep(sweep).status()).isEqualTo("running");
    assertThat(store.sweep(sweep).startedAt()).isNotNull();
  }

  @Test
  void aTrialTakenFromAWorkerIsNotRecordedByIt() throws Exception {
    long sweep = newSweep();
    WorkerId slow = new WorkerId("other-host", 1, null, "other-host:1/0");
    Claim old = store.claim(sweep, slow, 1).get(0);
    assertThat(store.recordEpoch(old, 1, 0.7, null, 0.5)).isTrue();
    // two seconds pass for its heartbeat: the database's clock is the one every host shares, so the
    // heartbeat is moved back rather than the test waiting
    int moved =
        db.jdbi()
            .withHandle(
                h ->
                    h.execute(
                        "UPDATE trial SET heartbeat_at = heartbeat_at - interval '2 seconds'"
                            + " WHERE id = ?",
                        old.trialId()));
    assertThat(moved).isEqualTo(1);
    // its heartbeat is older than a second: presumed dead, requeued, partial epochs removed
    assertThat(store.requeueDead(sweep, Duration.ofSeconds(1), "this-host"))
        .containsExactly(old.trialId());
    assertThat(epochs(old.trialId())).isZero();
    Claim again = store.claim(sweep, new WorkerId("h2", 2, null, "h2:2/0"), 1).get(0);
    assertThat(again.trialId()).isEqualTo(old.trialId());
    assertThat(again.attempt()).isEqualTo(2);
    // the old worker wakes up: its writes match no row
    assertThat(store.recordEpoch(old, 2, 0.6, null, 0.6)).isFalse();
    assertThatThrownBy(() -> store.complete(old, outcome(old)))
        .isInstanceOf(LostTrialException.class);
    assertThat(count("SELECT count(*) FROM trial_metric WHERE trial_id = " + old.trialId()))
        .isZero();
    store.complete(again, outcome(again));
    assertThat(count("SELECT count(*) FROM prediction WHERE trial_id = " + old.trialId()))
        .isEqualTo(3);
    assertThatThrownBy(() -> store.complete(again, outcome(again)))
        .isInstanceOf(LostTrialException.class); // never recorded twice
  }

  @Test
  void trialsOfADeadProcessOnThisHostAreRequeuedAtOnce() throws Exception {
    long sweep = newSweep();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    WorkerId dead =
        new WorkerId("this-host", gone.pid(), Instant.now(), "this-host:" + gone.pid() + "/0");
    Claim c = store.claim(sweep, dead, 2).get(1);
    store.recordEpoch(c, 1, 0.7, null, 0.5);
    store.recordEpoch(c, 2, 0.6, null, 0.55);
    WorkerId alive = WorkerId.current(0);
    Claim mine =
        store
            .claim(
                sweep,
                new WorkerId("this-host", alive.pid(), alive.processStart(), "this-host:me/0"),
                1)
            .get(0);
    // heartbeats are fresh, but the process is gone; this process's own trial stays
    List<Long> requeued = store.requeueDead(sweep, Duration.ofHours(1), "this-host");
    assertThat(requeued).hasSize(2).contains(c.trialId()).doesNotContain(mine.trialId());
    assertThat(epochs(c.trialId())).isZero();
    assertThat(store.counts(sweep).running()).isEqualTo(1);
  }

  @Test
  void aFailedRecordLeavesNothingHalfWritten() {
    long sweep = newSweep();
    Claim c = store.claim(sweep, new WorkerId("h", 1, null, "h:1/0"), 1).get(0);
    TrialOutcome good = outcome(c);
    List<MetricRow> bad = new ArrayList<>(good.metrics());
    bad.add(new MetricRow(c.trialId(), "dev", "best_guess", 0.5, 3, 0, 0, 0, 0, null));
    assertThatThrownBy(
            () -> store.complete(c, new TrialOutcome(3, bad, good.predictions(), good.timings())))
        .hasMessageContaining("trial_metric_threshold_rule_check");
    assertThat(store.trials(sweep).get(0).status()).isEqualTo("running");
    assertThat(count("SELECT count(*) FROM trial_metric WHERE trial_id = " + c.trialId())).isZero();
    assertThat(count("SELECT count(*) FROM prediction WHERE trial_id = " + c.trialId())).isZero();
    store.complete(c, good);
    assertThat(store.trials(sweep).get(0).status()).isEqualTo("done");
    assertThat(store.trials(sweep).get(0).bestEpoch()).isEqualTo(3);
    assertThat(store.trials(sweep).get(0).timings().get("train_s").asDouble()).isEqualTo(0.1);
  }

  @Test
  void predictionsRoundTripExactlyThroughCopy() {
    long sweep = newSweep();
    Claim c = store.claim(sweep, new WorkerId("h", 1, null, "h:1/0"), 1).get(0);
    store.complete(c, outcome(c));
    List<PredictionRow> dev =
        db.jdbi()
            .withExtension(
                io.memefusion.db.PredictionDao.class, d -> d.ofTrial(c.trialId(), "dev"));
    assertThat(dev)
        .containsExactly(
            new PredictionRow(c.trialId(), "dev", "a,1", 1, 0.75f),
            new PredictionRow(c.trialId(), "dev", "b\"2", 0, 0.125f));
    List<PredictionRow> test =
        db.jdbi()
            .withExtension(
                io.memefusion.db.PredictionDao.class, d -> d.ofTrial(c.trialId(), "test"));
    assertThat(test).containsExactly(new PredictionRow(c.trialId(), "test", "c", null, 1e-7f));
  }

  @Test
  void failedTrialsAreRetriedOnResumeAndTheSweepEndsFailedOrDone() {
    ObjectNode tree = JSON.createObjectNode().put("seeds", 1);
    tree.putArray("models").add("text");
    SpecParser.applyParam(tree, "lr=0.001");
    long sweep = store.create(SpecParser.parse(tree, "t"), null, JSON.createObjectNode());
    WorkerId w = new WorkerId("h", 1, null, "h:1/0");
    Claim c = store.claim(sweep, w, 1).get(0);
    store.fail(c, "NaN loss");
    assertThat(store.sweep(sweep).status()).isEqualTo("failed");
    assertThat(store.trials(sweep).get(0).error()).isEqualTo("NaN loss");
    assertThat(store.requeueFailed(sweep)).isEqualTo(1);
    assertThat(store.sweep(sweep).status()).isEqualTo("running");
    Claim again = store.claim(sweep, w, 1).get(0);
    store.complete(again, outcome(again));
    assertThat(store.sweep(sweep).status()).isEqualTo("done");
    assertThat(store.trials(sweep).get(0).error()).isNull();
  }

  private static int epochs(long trialId) {
    return db.jdbi().withExtension(EpochDao.class, d -> d.ofTrial(trialId)).size();
  }

  private static int count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }
}
