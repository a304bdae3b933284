package io.memefusion.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StratifiedTest {
  private static final int[] LABELS =
      IntStream.range(0, 100).map(i -> i % 20 < 7 ? 1 : 0).toArray();

  @Test
  void holdsOutTheSameShareOfEachClass() {
    // 35 hateful and 65 not; 20% -> 7 hateful and 13 not held out
    Stratified.Holdout h = Stratified.holdout(LABELS, 0.2, 42);
    assertThat(h.heldOut()).hasSize(20);
    assertThat(Arrays.stream(h.heldOut()).map(i -> LABELS[i]).sum()).isEqualTo(7);
    assertThat(h.kept()).hasSize(80).isSorted();
    assertThat(h.heldOut()).isSorted();
    assertThat(
            IntStream.concat(Arrays.stream(h.kept()), Arrays.stream(h.heldOut()))
                .sorted()
                .toArray())
        .isEqualTo(IntStream.range(0, 100).toArray());
  }

  @Test
  void seedDecides() {
    assertThat(Stratified.holdout(LABELS, 0.2, 1).heldOut())
        .isEqualTo(Stratified.holdout(LABELS, 0.2, 1).heldOut())
        .isNotEqualTo(Stratified.holdout(LABELS, 0.2, 2).heldOut());
  }

  @Test
  void smallClassesKeepAtLeastOneOnEachSide() {
    // 2 hateful of 10 at 10%: round(0.2) = 0, raised to 1 so the hold-out has a hateful meme
    int[] labels = {1, 0, 0, 0, 1, 0, 0, 0, 0, 0};
    Stratified.Holdout h = Stratified.holdout(labels, 0.1, 3);
    assertThat(Arrays.stream(h.heldOut()).map(i -> labels[i]).sum()).isEqualTo(1);
    assertThat(Arrays.stream(h.kept()).map(i -> labels[i]).sum()).isEqualTo(1);
  }
}
