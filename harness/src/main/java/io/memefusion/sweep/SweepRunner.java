package io.memefusion.sweep;

import io.memefusion.UserException;
import io.memefusion.db.ConnectionLoss;
import io.memefusion.heads.EpochListener;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.heads.LabeledFeatures;
import io.memefusion.heads.TrainingData;
import io.memefusion.heads.TrainingResult;
import io.memefusion.heads.TrialSpec;
import io.memefusion.progress.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works on a sweep until no queued trial is left: worker threads claim trials (several at a time,
 * trained together in one graph), record each epoch as it ends, score the chosen checkpoint and
 * record the trial in one transaction. Other processes may work on the same sweep at once.
 */
public final class SweepRunner {
  private static final Logger log = LoggerFactory.getLogger(SweepRunner.class);

  /**
   * @param workers worker threads in this process (each trains with one TF thread per op)
   * @param groupSize trials claimed at once, those that can train together in one graph (see {@link
   *     io.memefusion.heads.TrialSpec#graphKey}); 0: automatic, the sweep's largest such group (up
   *     to {@link #AUTO_GROUP_CAP})
   * @param staleAfter a running trial without heartbeat this long belongs to a dead worker
   * @param heartbeatEvery how often this process refreshes the heartbeat of its trials
   * @param maxTrials stop after this many trials (0: until the queue is empty)
   * @param maxFailures a worker thread stops after this many failed groups in a row
   */
  /** Most trials an automatic group claims (a dead worker's claim is redone by another). */
  public static final int AUTO_GROUP_CAP = 16;

  public record Options(
      int workers,
      int groupSize,
      Duration staleAfter,
      Duration heartbeatEvery,
      int maxTrials,
      int maxFailures) {
    public Options {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1, got " + workers);
      }
      if (groupSize < 0) {
        throw new IllegalArgumentException(
            "group size must be >= 0 (0: automatic), got " + groupSize);
      }
      if (maxTrials < 0) {
        throw new IllegalArgumentException("max trials must be >= 0, got " + maxTrials);
      }
      if (staleAfter.compareTo(heartbeatEvery.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException(
            "stale-after "
                + staleAfter
                + " must be at least twice the heartbeat "
                + heartbeatEvery);
      }
    }

    /** One worker per core, automatic groups, heartbeat every 10 s, stale after 2 minutes. */
    public static Options defaults() {
      return new Options(
          Runtime.getRuntime().availableProcessors(),
          0,
          Duration.ofMinutes(2),
          Duration.ofSeconds(10),
          0,
          3);
    }

    public Options withWorkers(int n) {
      return new Options(n, groupSize, staleAfter, heartbeatEvery, maxTrials, maxFailures);
    }

    public Options withGroupSize(int n) {
      return new Options(workers, n, staleAfter, heartbeatEvery, maxTrials, maxFailures);
    }

    public Options withMaxTrials(int n) {
      return new Options(workers, groupSize, staleAfter, heartbeatEvery, n, maxFailures);
    }

    public Options withStaleAfter(Duration d) {
      return new Options(workers, groupSize, d, heartbeatEvery, maxTrials, maxFailures);
    }
  }

  /**
   * What this runner did; {@code firstError} is the first trial failure, if any. The seconds are
   * summed over worker threads: training (with its per-epoch rows), scoring, and recording.
   */
  public record Summary(
      int done,
      int failed,
      int lost,
      Duration wall,
      String firstError,
      double trainSeconds,
      double scoreSeconds,
      double recordSeconds) {}

  private final SweepStore store;
  private final StudyData data;
  private final HeadTrainer trainer;
  private final Options options;
  private final ScoredTrialListener listener;

  public SweepRunner(SweepStore store, StudyData data, HeadTrainer trainer, Options options) {
    this(store, data, trainer, options, ScoredTrialListener.NONE);
  }

  public SweepRunner(
      SweepStore store,
      StudyData data,
      HeadTrainer trainer,
      Options options,
      ScoredTrialListener listener) {
    this.store = store;
    this.data = data;
    this.trainer = trainer;
    this.options = options;
    this.listener = listener;
  }

  /** Runs trials of {@code sweepId} until none is queued (or {@code maxTrials} are done). */
  public Summary work(long sweepId, WorkerId worker, Progress progress) {
    long start = System.nanoTime();
    store.requeueDead(sweepId, options.staleAfter(), worker.host());
    int queued = store.counts(sweepId).queued();
    int planned = options.maxTrials() > 0 ? Math.min(queued, options.maxTrials()) : queued;
    progress.start("sweep " + sweepId, planned, "trials");
    Map<StudyData.View, TrainingData> tensors = new IdentityHashMap<>();
    ScheduledExecutorService heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sweep-heartbeat");
              t.setDaemon(true);
              return t;
            });
    ExecutorService pool = Executors.newFixedThreadPool(options.workers());
    Shared shared = new Shared(sweepId, progress);
    try {
      for (StudyData.View v : data.views()) {
        try {
          tensors.put(v, TrainingData.of(v.train(), v.dev()));
        } catch (IllegalArgumentException e) {
          // e.g. a dev split with one class: no AUROC to pick epochs with
          throw new UserException("cannot train on this data: " + e.getMessage());
        }
      }
      long every = options.heartbeatEvery().toMillis();
      heartbeat.scheduleAtFixedRate(
          () -> {
            try {
              store.heartbeat(worker);
            } catch (RuntimeException e) {
              if (ConnectionLoss.in(e)) {
                log.debug("heartbeat failed", e); // the worker itself reports a lost database
              } else {
                log.warn("heartbeat failed: {}", e.toString());
              }
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
      List<Future<?>> threads = new ArrayList<>();
      for (int i = 0; i < options.workers(); i++) {
        WorkerId me = worker.thread(i);
        threads.add(pool.submit(() -> loop(me, shared, tensors)));
      }
      for (Future<?> f : threads) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while working on sweep " + sweepId, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      heartbeat.shutdownNow();
      tensors.values().forEach(TrainingData::close);
    }
    Summary s =
        new Summary(
            shared.done.get(),
            shared.failed.get(),
            shared.lost.get(),
            Duration.ofNanos(System.nanoTime() - start),
            shared.firstError.get(),
            shared.trainNanos.sum() / 1e9,
            shared.scoreNanos.sum() / 1e9,
            shared.recordNanos.sum() / 1e9);
    progress.done(
        s.done()
            + " done"
            + (s.failed() > 0 ? ", " + s.failed() + " failed" : "")
            + (s.lost() > 0 ? ", " + s.lost() + " taken over by other workers" : ""));
    return s;
  }

  /** State shared by the worker threads of one {@link #work} call. */
  private final class Shared {
    final long sweepId;
    final Progress progress;
    final AtomicInteger budget;
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final LongAdder trainNanos = new LongAdder();
    final LongAdder scoreNanos = new LongAdder();
    final LongAdder recordNanos = new LongAdder();

    Shared(long sweepId, Progress progress) {
      this.sweepId = sweepId;
      this.progress = progress;
      this.budget =
          new AtomicInteger(options.maxTrials() > 0 ? options.maxTrials() : Integer.MAX_VALUE);
    }

    /** Reserves up to {@code n} trials of the budget. */
    int reserve(int n) {
      while (true) {
        int left = budget.get();
        int take = Math.min(left, n);
        if (take == 0 || budget.compareAndSet(left, left - take)) {
          return take;
        }
      }
    }
  }

  private void loop(WorkerId me, Shared shared, Map<StudyData.View, TrainingData> tensors) {
    int failuresInARow = 0;
    while (failuresInARow < options.maxFailures()) {
      int want = shared.reserve(options.groupSize());
      if (want == 0) {
        return;
      }
      List<Claim> claims = store.claim(shared.sweepId, me, want);
      shared.budget.addAndGet(want - claims.size());
      if (claims.isEmpty()) {
        // nothing queued: take back trials of dead workers, else this worker is finished
        if (store.requeueDead(shared.sweepId, options.staleAfter(), me.host()).isEmpty()) {
          return;
        }
        continue;
      }
      for (List<Claim> group : groups(claims)) {
        boolean ok = runGroup(group, shared, tensors);
        failuresInARow = ok ? 0 : failuresInARow + 1;
      }
    }
    log.warn("{}: stopping after {} failed groups in a row", me.name(), failuresInARow);
  }

  /** Claims that can train in one graph: same view of the data and same batch size. */
  private List<List<Claim>> groups(List<Claim> claims) {
    Map<List<Integer>, List<Claim>> groups = new LinkedHashMap<>();
    for (Claim c : claims) {
      List<Integer> key = List.of(data.viewIndex(c.model()), c.hp().batchSize());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
    }
    return new ArrayList<>(groups.values());
  }

  /** Trains, scores and records one group; false when the group failed. */
  private boolean runGroup(
      List<Claim> group, Shared shared, Map<StudyData.View, TrainingData> tensors) {
    StudyData.View view = data.view(group.get(0).model());
    Map<TrialSpec, Claim> bySpec = new HashMap<>();
    List<TrialSpec> specs = new ArrayList<>();
    for (Claim c : group) {
      TrialSpec spec = new TrialSpec(c.model(), c.hp(), c.seed());
      specs.add(spec);
      bySpec.put(spec, c);
    }
    Set<Claim> lost = ConcurrentHashMap.newKeySet();
    TrialSpec lead = specs.get(0);
    String trials =
        group.size() == 1
            ? "trial " + group.get(0).trialId()
            : "trials " + group.get(0).trialId() + ".." + group.get(group.size() - 1).trialId();
    EpochListener listener =
        (spec, epoch) -> {
          Claim c = bySpec.get(spec);
          if (spec.equals(lead)) { // a long trial shows its epochs, once per group
            shared.progress.status(trials + ": epoch " + epoch.epoch() + "/" + spec.hp().epochs());
          }
          if (c != null
              && !lost.contains(c)
              && !store.recordEpoch(
                  c, epoch.epoch(), epoch.trainLoss(), epoch.devLoss(), epoch.devAuroc())) {
            lost.add(c);
          }
        };
    List<TrainingResult> results;
    long t0 = System.nanoTime();
    try {
      results = trainer.trainGroup(specs, tensors.get(view), listener);
      shared.trainNanos.add(System.nanoTime() - t0);
    } catch (RuntimeException | OutOfMemoryError e) {
      if (e instanceof RuntimeException && ConnectionLoss.in(e)) {
        throw (RuntimeException)
            e; // not the trials' fault, and nowhere to record it: the command says so
      }
      // an out-of-memory here is this group's (its weights, its batches): the trials fail with
      // a message, the worker goes on with the next claim
      String error =
          e instanceof OutOfMemoryError ? outOfMemory(e, group) : "training failed: " + e;
      log.warn("trials {} {}", group.stream().map(Claim::trialId).toList(), error);
      shared.firstError.compareAndSet(null, error);
      for (Claim c : group) {
        store.fail(c, error);
        shared.failed.incrementAndGet();
        shared.progress.advance(1);
      }
      return false;
    }
    boolean ok = true;
    try {
      for (int i = 0; i < group.size(); i++) {
        Claim c = group.get(i);
        try {
          long t1 = System.nanoTime();
          TrialOutcome outcome = TrialScorer.score(c, results.get(i), view, group.size());
          long t2 = System.nanoTime();
          store.complete(c, outcome);
          shared.scoreNanos.add(t2 - t1);
          shared.recordNanos.add(System.nanoTime() - t2);
          shared.done.incrementAndGet();
          afterScoring(c, results.get(i), view);
        } catch (LostTrialException e) {
          log.warn("{}; its results are dropped", e.getMessage());
          shared.lost.incrementAndGet();
        } catch (RuntimeException | OutOfMemoryError e) {
          String error =
              e instanceof OutOfMemoryError
                  ? "scoring: " + outOfMemory(e, List.of(c))
                  : "scoring failed: " + e;
          shared.firstError.compareAndSet(null, error);
          store.fail(c, error);
          shared.failed.incrementAndGet();
          ok = false;
        }
        shared.progress.advance(1);
      }
    } finally {
      // the heads of a group share a session, freed when the last one is closed
      results.forEach(r -> r.head().close());
    }
    return ok;
  }

  /** One line for a trial's error: what ran out, with what, and what to change. */
  private static String outOfMemory(Throwable e, List<Claim> group) {
    var hp = group.get(0).hp();
    return "out of memory ("
        + e.getMessage()
        + ") training "
        + group.size()
        + " trial(s) with hidden="
        + hp.hidden()
        + ", batch_size="
        + hp.batchSize()
        + ": lower hidden or batch_size, claim fewer trials at once (--group), or give Java"
        + " more memory (MEMEFUSION_JAVA_OPTS=-Xmx...)";
  }

  /**
   * Tells the listener about a recorded trial. The trial is done whatever happens here: an analysis
   * that fails is logged, not counted as a failed trial.
   */
  private void afterScoring(Claim c, TrainingResult result, StudyData.View view) {
    List<LabeledFeatures> evaluated = new ArrayList<>(view.scored());
    evaluated.remove(view.holdout());
    try {
      listener.scored(c.trialId(), result.head()::predictProba, evaluated);
    } catch (RuntimeException e) {
      if (ConnectionLoss.in(e)) {
        throw e;
      }
      log.warn(
          "trial {} is recorded, but its after-scoring analysis failed: {}",
          c.trialId(),
          e.toString());
    }
  }
}
