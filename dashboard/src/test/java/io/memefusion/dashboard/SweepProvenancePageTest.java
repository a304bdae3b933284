package io.memefusion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.db.DatasetDao;
import io.memefusion.db.EpochDao;
import io.memefusion.db.MetricDao;
import io.memefusion.db.PredictionDao;
import io.memefusion.db.PredictionRow;
import io.memefusion.db.SweepDao;
import io.memefusion.db.TrialDao;
import io.memefusion.db.TrialRow;
import io.memefusion.sweep.StoredSweep;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where a sweep ran, on its page, read from the typed context; and the harness's shared read DAOs
 * on the dashboard's read-only handle.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SweepProvenancePageTest {
  static RecordedSweeps sweeps;

  @BeforeAll
  static void start() {
    sweeps = RecordedSweeps.get();
  }

  @Test
  void sweepPageShowsTheHostTheSweepRecorded() throws Exception {
    String html = page(sweeps.done().sweepId());
    // no dataset row: the name comes from the typed context
    assertThat(html).contains("<div><dt>dataset</dt><dd>synthetic</dd></div>");
    String provenance = html.substring(html.indexOf("id=\"provenance\""));
    provenance = provenance.substring(0, provenance.indexOf("</section>"));
    assertThat(provenance)
        .contains("<dt>CPU</dt><dd>Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz (2 cores)</dd>")
        .contains("<dt>TensorFlow</dt><dd>2.18.0 (cpu build)</dd>")
        .contains("<dt>Precision</dt><dd>fp32</dd>")
        .contains("<dt>Threads</dt><dd>1 per training session</dd>")
        .contains("<dt>memefusion</dt><dd>0.1.0-SNAPSHOT (git 0123abcd4567)</dd>")
        .doesNotContain("GPU")
        .doesNotContain("not recorded");
  }

  @Test
  void aSweepWithoutAHostSaysNotRecorded() throws Exception {
    String html = page(sweeps.running().sweepId());
    String provenance = html.substring(html.indexOf("id=\"provenance\""));
    provenance = provenance.substring(0, provenance.indexOf("</section>"));
    assertThat(provenance)
        .contains("Device: not recorded (the sweep was created before memefusion recorded it)")
        .doesNotContain("<dt>CPU</dt>");
  }

  @Test
  void sharedDaosReadOnTheReadOnlyHandle() {
    DashboardStore store = new DashboardStore(sweeps.db().jdbi());
    long sweepId = sweeps.done().sweepId();
    long trialId = sweeps.done().trialIds().get(0);
    store.read(
        h -> {
          Optional<StoredSweep> sweep = StoredSweep.find(h, sweepId);
          assertThat(sweep).isPresent();
          assertThat(sweep.get().host()).contains(SweepFixture.HOST);
          assertThat(sweep.get().context().devSplit()).isEqualTo("dev_seen");
          assertThat(sweep.get().spec()).isPresent();
          TrialRow trial = h.attach(TrialDao.class).find(trialId).orElseThrow();
          assertThat(trial.sweepId()).isEqualTo(sweepId);
          assertThat(trial.status()).isEqualTo("done");
          assertThat(h.attach(MetricDao.class).ofTrial(trialId))
              .extracting(m -> m.split())
              .contains("dev_seen", "test_seen");
          assertThat(h.attach(EpochDao.class).ofTrial(trialId)).isNotEmpty();
          PredictionDao predictions = h.attach(PredictionDao.class);
          assertThat(predictions.splitsOf(trialId)).contains("dev_seen", "test_seen");
          List<PredictionRow> dev = predictions.ofTrial(trialId, "dev_seen");
          assertThat(dev).hasSize(40);
          List<PredictionRow> worst = predictions.mostWrong(trialId, "dev_seen", 3);
          assertThat(worst).hasSize(3);
          double worstError = Math.abs(worst.get(0).label() - (double) worst.get(0).proba());
          for (PredictionRow p : dev) {
            assertThat(Math.abs(p.label() - (double) p.proba())).isLessThanOrEqualTo(worstError);
          }
          assertThat(h.attach(DatasetDao.class).splitsOfSweep(sweepId))
              .as("the fixture's sweeps record no dataset row")
              .isEmpty();
          assertThat(h.attach(TrialDao.class).countsByModel(sweepId))
              .allSatisfy(c -> assertThat(c.status()).isEqualTo("done"));
          return null;
        });
    // the same handle is read-only: a DAO's write fails there
    assertThatThrownBy(
            () -> store.read(h -> h.attach(SweepDao.class).rename(sweepId, "renamed by a page")))
        .hasMessageContaining("read-only");
  }

  private static String page(long sweepId) throws Exception {
    var r = sweeps.get("/sweeps/" + sweepId);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
