package io.memefusion.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stratified hold-out carved from a labeled split with a seed: the same share of each class goes
 * to the hold-out (rounded, at least one and never all of a class with two or more rows). Used for
 * the train hold-out of {@link ThresholdRule#TRAIN_HOLDOUT} and for {@code --holdout-test}.
 */
public final class Stratified {
  private Stratified() {}

  /** Row indices, ascending (so rows keep their original order). */
  public record Holdout(int[] kept, int[] heldOut) {}

  public static Holdout holdout(int[] labels, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("hold-out fraction must be in (0, 1), got " + fraction);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<Integer> held = new ArrayList<>();
    for (int label = 0; label <= 1; label++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == label) {
          rows.add(i);
        } else if (labels[i] != 0 && labels[i] != 1) {
          throw new IllegalArgumentException(
              "label " + labels[i] + " at row " + i + ", expected 0/1");
        }
      }
      int take = (int) Math.round(fraction * rows.size());
      if (rows.size() >= 2) {
        take = Math.max(1, Math.min(rows.size() - 1, take));
      }
      for (int i = rows.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Integer tmp = rows.get(i);
        rows.set(i, rows.get(j));
        rows.set(j, tmp);
      }
      held.addAll(rows.subList(0, take));
    }
    boolean[] isHeld = new boolean[labels.length];
    held.forEach(i -> isHeld[i] = true);
    int[] heldOut = held.stream().mapToInt(Integer::intValue).sorted().toArray();
    int[] kept = new int[labels.length - heldOut.length];
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      if (!isHeld[i]) {
        kept[k++] = i;
      }
    }
    return new Holdout(kept, Arrays.copyOf(heldOut, heldOut.length));
  }
}
