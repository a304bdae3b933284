package io.memefusion.sweep;

import io.memefusion.UserException;
import io.memefusion.db.ConnectionLoss;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.heads.TrainingData;
import io.memefusion.progress.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private final Map<TextRecipe, StudyData> data;
  private final Options options;
  private final TrialGroup trialGroup;

  public SweepRunner(SweepStore store, StudyData data, HeadTrainer trainer, Options options) {
    this(store, data, trainer, options, ScoredTrialListener.NONE);
  }

  /** A runner for a sweep with one text recipe (or none). */
  public SweepRunner(
      SweepStore store,
      StudyData data,
      HeadTrainer trainer,
      Options options,
      ScoredTrialListener listener) {
    this(store, Map.of(TextRecipe.DEFAULT, data), trainer, options, listener);
  }

  /**
   * {@code data}: the rows each text recipe's trials train on, in the sweep's recipe order; a trial
   * whose configuration names no recipe (image models, a sweep with one recipe) uses the first.
   */
  public SweepRunner(
      SweepStore store,
      Map<TextRecipe, StudyData> data,
      HeadTrainer trainer,
      Options options,
      ScoredTrialListener listener) {
    if (data.isEmpty()) {
      throw new IllegalArgumentException("a sweep runner needs the rows of one text recipe");
    }
    this.store = store;
    this.data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    this.options = options;
    this.trialGroup = new TrialGroup(store, trainer, listener);
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
    RunTally shared = new RunTally(sweepId, progress, options.maxTrials());
    try {
      for (StudyData d : data.values()) {
        for (StudyData.View v : d.views()) {
          try {
            tensors.put(v, TrainingData.of(v.train(), v.dev()));
          } catch (IllegalArgumentException e) {
            // e.g. a dev split with one class: no AUROC to pick epochs with
            throw new UserException("cannot train on this data: " + e.getMessage());
          }
        }
      }
      beat(heartbeat, worker);
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

  /** Refreshes the heartbeat of this process's trials every {@code heartbeatEvery}. */
  private void beat(ScheduledExecutorService heartbeat, WorkerId worker) {
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
  }

  private void loop(WorkerId me, RunTally shared, Map<StudyData.View, TrainingData> tensors) {
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
        StudyData.View view = data(group.get(0)).view(group.get(0).model());
        boolean ok = trialGroup.run(group, view, tensors.get(view), shared);
        failuresInARow = ok ? 0 : failuresInARow + 1;
      }
    }
    log.warn("{}: stopping after {} failed groups in a row", me.name(), failuresInARow);
  }

  /**
   * Claims that can train in one graph: same text recipe (the input width), same view of the data
   * and same batch size.
   */
  private List<List<Claim>> groups(List<Claim> claims) {
    Map<List<Object>, List<Claim>> groups = new LinkedHashMap<>();
    for (Claim c : claims) {
      List<Object> key =
          List.of(String.valueOf(c.textRecipe()), data(c).viewIndex(c.model()), c.hp().batchSize());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
    }
    return new ArrayList<>(groups.values());
  }

  /** The rows of a trial's text recipe (the first recipe's when its configuration names none). */
  private StudyData data(Claim c) {
    if (c.textRecipe() == null) {
      return data.values().iterator().next();
    }
    StudyData d = data.get(c.textRecipe());
    if (d == null) {
      throw new UserException(
          "trial "
              + c.trialId()
              + " trains on text recipe "
              + c.textRecipe().id()
              + ", which this worker has no features of");
    }
    return d;
  }
}
