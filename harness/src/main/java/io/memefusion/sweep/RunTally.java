package io.memefusion.sweep;

import io.memefusion.progress.Progress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the worker threads of one {@link SweepRunner#work} call share: the budget and the counts.
 */
final class RunTally {
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

  /** {@code maxTrials}: the budget, 0 for none. */
  RunTally(long sweepId, Progress progress, int maxTrials) {
    this.sweepId = sweepId;
    this.progress = progress;
    this.budget = new AtomicInteger(maxTrials > 0 ? maxTrials : Integer.MAX_VALUE);
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
