package io.memefusion.sweep;

import io.memefusion.db.ConnectionLoss;
import io.memefusion.heads.EpochListener;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.heads.LabeledFeatures;
import io.memefusion.heads.TrainingData;
import io.memefusion.heads.TrainingResult;
import io.memefusion.heads.TrialSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed group of trials from training to record: trained together in one graph, each epoch
 * recorded as it ends, each trial scored on its chosen checkpoint and recorded in one transaction.
 * A failure fails the group's trials with a one-line cause; a lost database is thrown.
 */
final class TrialGroup {
  private static final Logger log = LoggerFactory.getLogger(SweepRunner.class);

  private final SweepStore store;
  private final HeadTrainer trainer;
  private final ScoredTrialListener listener;

  TrialGroup(SweepStore store, HeadTrainer trainer, ScoredTrialListener listener) {
    this.store = store;
    this.trainer = trainer;
    this.listener = listener;
  }

  /**
   * Trains, scores and records one group on {@code view} ({@code tensors}: its train and dev rows);
   * false when the group failed.
   */
  boolean run(List<Claim> group, StudyData.View view, TrainingData tensors, RunTally shared) {
    List<TrialSpec> specs = new ArrayList<>();
    for (Claim c : group) {
      specs.add(new TrialSpec(c.model(), c.hp(), c.seed()));
    }
    List<TrainingResult> results;
    long t0 = System.nanoTime();
    try {
      results = trainer.trainGroup(specs, tensors, epochs(group, specs, shared));
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
    try {
      boolean ok = true;
      for (int i = 0; i < group.size(); i++) {
        ok &= record(group.get(i), results.get(i), view, group.size(), shared);
        shared.progress.advance(1);
      }
      return ok;
    } finally {
      // the heads of a group share a session, freed when the last one is closed
      results.forEach(r -> r.head().close());
    }
  }

  /** Records each epoch as it ends, and shows the group's progress through its first trial. */
  private EpochListener epochs(List<Claim> group, List<TrialSpec> specs, RunTally shared) {
    Map<TrialSpec, Claim> bySpec = new HashMap<>();
    for (int i = 0; i < group.size(); i++) {
      bySpec.put(specs.get(i), group.get(i));
    }
    Set<Claim> lost = ConcurrentHashMap.newKeySet();
    TrialSpec lead = specs.get(0);
    String trials =
        group.size() == 1
            ? "trial " + group.get(0).trialId()
            : "trials " + group.get(0).trialId() + ".." + group.get(group.size() - 1).trialId();
    return (spec, epoch) -> {
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
  }

  /** Scores and records one trained trial; false when it failed. */
  private boolean record(
      Claim c, TrainingResult result, StudyData.View view, int groupSize, RunTally shared) {
    try {
      long t1 = System.nanoTime();
      TrialOutcome outcome = TrialScorer.score(c, result, view, groupSize);
      long t2 = System.nanoTime();
      store.complete(c, outcome);
      shared.scoreNanos.add(t2 - t1);
      shared.recordNanos.add(System.nanoTime() - t2);
      shared.done.incrementAndGet();
      afterScoring(c, result, view);
      return true;
    } catch (LostTrialException e) {
      log.warn("{}; its results are dropped", e.getMessage());
      shared.lost.incrementAndGet();
      return true;
    } catch (RuntimeException | OutOfMemoryError e) {
      String error =
          e instanceof OutOfMemoryError
              ? "scoring: " + outOfMemory(e, List.of(c))
              : "scoring failed: " + e;
      shared.firstError.compareAndSet(null, error);
      store.fail(c, error);
      shared.failed.incrementAndGet();
      return false;
    }
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
