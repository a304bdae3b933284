package io.memefusion.heads;

import io.memefusion.eval.Auroc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The epoch loop of a {@link GroupGraph}: mini-batches shuffled each epoch with the group's seed,
 * one session run per step for all trials still training, dev scoring after each epoch, best-epoch
 * snapshots and early stopping per trial.
 */
final class GroupTraining {
  private final GroupGraph graph;
  private final TrainingData data;
  private final EpochListener listener;
  private final List<State> states = new ArrayList<>();
  private final int[] order; // train rows in this epoch's order, shared by the group's trials

  /** Progress of one trial. */
  private static final class State {
    final GroupMember member;
    final List<EpochRecord> epochs = new ArrayList<>();
    double bestAuroc = Double.NEGATIVE_INFINITY;
    int bestEpoch;
    int sinceBest;
    boolean stopped;
    double lossSum;

    State(GroupMember member) {
      this.member = member;
    }

    boolean trainsIn(int epoch) {
      return !stopped && epoch <= member.spec.hp().epochs();
    }
  }

  GroupTraining(GroupGraph graph, TrainingData data, EpochListener listener) {
    this.graph = graph;
    this.data = data;
    this.listener = listener;
    for (GroupMember m : graph.members) {
      states.add(new State(m));
    }
    this.order = new int[data.train().rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
  }

  /** Fisher–Yates with the seed the group's trials share: each one's order alone. */
  private void shuffle() {
    SplittableRandom rng = graph.members.get(0).shuffle;
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }

  /** Trains every member to its last epoch (or early stop); the session then holds best weights. */
  List<TrainingResult> run(long startNanos) {
    int rows = data.train().rows();
    int batch = graph.members.get(0).spec.hp().batchSize();
    int steps = (rows + batch - 1) / batch;
    int maxEpochs = states.stream().mapToInt(s -> s.member.spec.hp().epochs()).max().orElse(0);
    for (int epoch = 1; epoch <= maxEpochs; epoch++) {
      List<State> active = new ArrayList<>();
      for (State s : states) {
        if (s.trainsIn(epoch)) {
          active.add(s);
        }
      }
      if (active.isEmpty()) {
        break;
      }
      shuffle();
      for (State s : active) {
        s.lossSum = 0;
      }
      for (int step = 0; step < steps; step++) {
        int from = step * batch;
        int len = Math.min(batch, rows - from);
        long globalStep = (long) (epoch - 1) * steps + step + 1;
        trainStep(active, from, len, globalStep);
      }
      scoreDev(active, epoch, rows);
    }
    Duration share = Duration.ofNanos((System.nanoTime() - startNanos) / states.size());
    AtomicInteger open = new AtomicInteger(states.size());
    List<TrainingResult> results = new ArrayList<>();
    for (State s : states) {
      results.add(
          new TrainingResult(
              s.member.spec, s.epochs, s.bestEpoch, new GroupHead(graph, s.member, open), share));
    }
    return results;
  }

  /**
   * One Adam step of every trial on rows {@code order[from, from + len)} — the same for all trials
   * of the group, which share their seed. Trials that stopped still step (their slice is computed
   * anyway) but nothing of theirs is read any more.
   */
  private void trainStep(List<State> active, int from, int len, long globalStep) {
    int[] rows = Arrays.copyOfRange(order, from, from + len);
    try (TInt64 step = TInt64.scalarOf(globalStep);
        TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(GroupGraph.BETA1, globalStep));
        TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(GroupGraph.BETA2, globalStep));
        TInt32 batch = TInt32.tensorOf(Shape.of(len), DataBuffers.of(rows, true, false));
        Result r =
            graph
                .session
                .runner()
                .feed(graph.step, step)
                .feed(graph.beta1Power, b1)
                .feed(graph.beta2Power, b2)
                .feed(graph.batch, batch)
                .addTarget(graph.train)
                .fetch(graph.dataLoss)
                .run()) {
      float[] losses = GroupHead.values((TFloat32) r.get(0));
      for (State s : active) {
        s.lossSum += losses[s.member.index] * (double) len;
      }
    }
  }

  private void scoreDev(List<State> active, int epoch, int trainRows) {
    int[] labels = data.dev().labels();
    org.tensorflow.Session.Runner runner = graph.session.runner();
    graph.evalInputs.forEach((m, in) -> runner.feed(in, data.devFeatures(m)));
    for (State s : active) {
      runner.fetch(graph.devLogits.get(s.member.index)).fetch(graph.devProba.get(s.member.index));
    }
    List<Integer> improved = new ArrayList<>();
    try (Result r = runner.run()) {
      for (int i = 0; i < active.size(); i++) {
        State s = active.get(i);
        int k = s.member.index;
        float[] logits = GroupHead.values((TFloat32) r.get(2 * i));
        float[] proba = GroupHead.values((TFloat32) r.get(2 * i + 1));
        double auroc = Auroc.of(proba, labels).orElseThrow();
        double devLoss = Loss.mean(logits, labels, s.member.spec.hp().posWeight());
        EpochRecord record = new EpochRecord(epoch, s.lossSum / trainRows, devLoss, auroc);
        s.epochs.add(record);
        if (auroc > s.bestAuroc) {
          s.bestAuroc = auroc;
          s.bestEpoch = epoch;
          s.sinceBest = 0;
          improved.add(k);
        } else {
          s.sinceBest++;
          int patience = s.member.spec.hp().patience();
          s.stopped = patience > 0 && s.sinceBest >= patience;
        }
        listener.onEpoch(s.member.spec, record);
      }
    }
    if (!improved.isEmpty()) {
      boolean[] mask = new boolean[states.size()];
      improved.forEach(k -> mask[k] = true);
      try (TBool which = TBool.tensorOf(Shape.of(mask.length), DataBuffers.of(mask, true, false))) {
        graph.session.runner().feed(graph.improved, which).addTarget(graph.snapshot).run().close();
      }
    }
  }
}
