package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.UserException;
import io.memefusion.db.Database;
import io.memefusion.db.EpochDao;
import io.memefusion.db.MetricDao;
import io.memefusion.db.NewTrial;
import io.memefusion.db.PredictionDao;
import io.memefusion.db.SweepDao;
import io.memefusion.db.SweepInputDao;
import io.memefusion.db.SweepRow;
import io.memefusion.db.TrialCounts;
import io.memefusion.db.TrialDao;
import io.memefusion.db.TrialRow;
import io.memefusion.heads.HeadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * The sweep protocol on top of the DAOs: create a sweep with its trials, claim, record epochs as
 * they happen, record a finished trial in one transaction, and give trials of dead workers back.
 * Safe to share between worker threads.
 */
public final class SweepStore {
  private final Jdbi jdbi;

  public SweepStore(Database database) {
    this.jdbi = database.jdbi();
  }

  /** Inserts the sweep and all its trials (queued) in one transaction; returns the sweep id. */
  public long create(SweepSpec spec, Long datasetId, JsonNode context) {
    return create(spec, datasetId, context, List.of());
  }

  /**
   * Inserts the sweep, all its trials (queued) and the feature sets it runs on in one transaction;
   * returns the sweep id.
   */
  public long create(
      SweepSpec spec, Long datasetId, JsonNode context, List<SweepInputDao.FeatureSetPin> sets) {
    List<NewTrial> trials = new ArrayList<>();
    for (TrialPlan t : spec.trials()) {
      trials.add(
          new NewTrial(
              t.ordinal(),
              t.model().dbName(),
              t.configKey(),
              HyperParamsJson.toJson(t.hp(), t.textRecipe()),
              t.seed()));
    }
    return jdbi.inTransaction(
        h -> {
          long id = h.attach(SweepDao.class).insert(spec.name(), datasetId, spec.toJson(), context);
          h.attach(TrialDao.class).insert(id, trials);
          if (!sets.isEmpty()) {
            h.attach(SweepInputDao.class).pin(id, sets);
          }
          return id;
        });
  }

  public SweepRow sweep(long id) {
    return jdbi.withExtension(SweepDao.class, d -> d.find(id))
        .orElseThrow(() -> new UserException("no sweep with id " + id + " (see: sweep list)"));
  }

  /** A sweep id from {@code ID} or {@code latest}. */
  public long resolve(String idOrLatest) {
    String s = idOrLatest.trim().toLowerCase(Locale.ROOT);
    if (s.equals("latest")) {
      return jdbi.withExtension(SweepDao.class, SweepDao::latestId)
          .orElseThrow(() -> new UserException("there is no sweep yet (run: sweep start)"));
    }
    try {
      return sweep(Long.parseLong(s)).id();
    } catch (NumberFormatException e) {
      throw new UserException("expected a sweep id or 'latest', got '" + idOrLatest + "'");
    }
  }

  /** Sweeps with a queued trial, oldest first. */
  public List<Long> withQueuedTrials() {
    return jdbi.withExtension(SweepDao.class, SweepDao::withQueuedTrials);
  }

  /** Claims up to {@code limit} queued trials for {@code worker}, in ordinal order. */
  public List<Claim> claim(long sweepId, WorkerId worker, int limit) {
    List<TrialRow> rows =
        jdbi.inTransaction(
            h -> {
              List<TrialRow> claimed =
                  h.attach(TrialDao.class)
                      .claim(
                          sweepId,
                          worker.name(),
                          worker.host(),
                          worker.pid(),
                          worker.processStart(),
                          limit);
              if (!claimed.isEmpty()) {
                h.attach(SweepDao.class).markRunning(sweepId);
              }
              return claimed;
            });
    List<Claim> out = new ArrayList<>();
    for (TrialRow r : rows) {
      out.add(
          new Claim(
              r.id(),
              r.sweepId(),
              r.ordinal(),
              HeadKind.fromDbName(r.model()),
              r.configKey(),
              HyperParamsJson.fromJson(r.hyperparams()),
              r.seed(),
              r.attempts(),
              r.worker(),
              HyperParamsJson.recipe(r.hyperparams())));
    }
    out.sort(Comparator.comparingInt(Claim::ordinal));
    return out;
  }

  /** Records one epoch; false when the trial was taken from this worker (stop training it). */
  public boolean recordEpoch(
      Claim claim, int epoch, double trainLoss, Double devLoss, Double devAuroc) {
    return jdbi.withExtension(
            EpochDao.class,
            d -> d.record(claim.trialId(), claim.attempt(), epoch, trainLoss, devLoss, devAuroc))
        == 1;
  }

  /**
   * Records metrics, predictions and timings and marks the trial done, all in one transaction: a
   * worker killed midway leaves nothing, and a trial taken from this worker is not recorded twice.
   *
   * @throws LostTrialException when the worker no longer owns the trial (nothing was written)
   */
  public void complete(Claim claim, TrialOutcome outcome) {
    outcome.checkTrial(claim.trialId());
    jdbi.useTransaction(
        h -> {
          // the fenced update first: it locks the trial row, so a requeue waits for this commit
          int owned =
              h.attach(TrialDao.class)
                  .finish(claim.trialId(), claim.attempt(), outcome.bestEpoch(), outcome.timings());
          if (owned != 1) {
            throw new LostTrialException(claim.trialId(), claim.attempt());
          }
          h.attach(MetricDao.class).insert(outcome.metrics());
          h.attach(PredictionDao.class).insert(outcome.predictions());
        });
    refreshStatus(claim.sweepId());
  }

  /** Records that a trial failed (its error is kept; {@code sweep resume} retries it). */
  public void fail(Claim claim, String error) {
    jdbi.useExtension(TrialDao.class, d -> d.fail(claim.trialId(), claim.attempt(), error));
    refreshStatus(claim.sweepId());
  }

  /** Gives a claimed trial back to the queue, dropping its partial epochs (a clean stop). */
  public void release(Claim claim) {
    jdbi.useTransaction(
        h -> {
          TrialDao trials = h.attach(TrialDao.class);
          if (trials.release(claim.trialId(), claim.attempt()) == 1) {
            trials.deleteEpochs(List.of(claim.trialId()));
          }
        });
    refreshStatus(claim.sweepId());
  }

  /** Refreshes the heartbeat of every trial this process holds; returns how many it holds. */
  public int heartbeat(WorkerId worker) {
    return jdbi.withExtension(TrialDao.class, d -> d.heartbeat(worker.host(), worker.pid()));
  }

  /**
   * Gives back to the queue the running trials whose worker is gone: no heartbeat for {@code
   * staleAfter}, or (on this host) a process that no longer exists. Their partial epoch rows are
   * removed in the same transaction. Returns the requeued trial ids.
   */
  public List<Long> requeueDead(long sweepId, Duration staleAfter, String host) {
    List<Long> ids =
        jdbi.inTransaction(
            h -> {
              TrialDao trials = h.attach(TrialDao.class);
              List<Long> requeued =
                  new ArrayList<>(trials.requeueStale(sweepId, staleAfter.toMillis() / 1000.0));
              for (TrialRow r : trials.runningOnHost(sweepId, host)) {
                if (r.workerPid() != null
                    && !WorkerId.alive(r.workerPid(), r.workerStarted())
                    && trials.release(r.id(), r.attempts()) == 1) {
                  requeued.add(r.id());
                }
              }
              if (!requeued.isEmpty()) {
                trials.deleteEpochs(requeued);
              }
              return requeued;
            });
    refreshStatus(sweepId);
    return ids;
  }

  /** Failed trials go back to the queue; returns how many. */
  public int requeueFailed(long sweepId) {
    int n =
        jdbi.inTransaction(
                h -> {
                  TrialDao trials = h.attach(TrialDao.class);
                  List<Long> ids = trials.requeueFailed(sweepId);
                  if (!ids.isEmpty()) {
                    trials.deleteEpochs(ids);
                  }
                  return ids;
                })
            .size();
    refreshStatus(sweepId);
    return n;
  }

  /** All sweeps, newest first. */
  public List<SweepRow> sweeps() {
    return jdbi.withExtension(SweepDao.class, SweepDao::list);
  }

  /** Seconds since the newest heartbeat of a running trial; empty when none is running. */
  public java.util.Optional<Double> secondsSinceHeartbeat(long sweepId) {
    return jdbi.withExtension(TrialDao.class, d -> d.secondsSinceHeartbeat(sweepId));
  }

  public TrialCounts counts(long sweepId) {
    return jdbi.withExtension(TrialDao.class, d -> d.counts(sweepId));
  }

  /** The causes of the sweep's failed trials, most frequent first. */
  public List<io.memefusion.db.FailureCause> failures(long sweepId) {
    return jdbi.withExtension(TrialDao.class, d -> d.failures(sweepId));
  }

  public List<TrialRow> trials(long sweepId) {
    return jdbi.withExtension(TrialDao.class, d -> d.list(sweepId));
  }

  public void refreshStatus(long sweepId) {
    jdbi.useExtension(SweepDao.class, d -> d.refreshStatus(sweepId));
  }
}
