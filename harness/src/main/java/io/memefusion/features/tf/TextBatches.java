package io.memefusion.features.tf;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** How tokenized texts are ordered and cut into batches for the encoder's runs. */
final class TextBatches {
  /** Padding a length-sorted batch may add, as a share of its real tokens. */
  static final double MAX_PADDING = 0.2;

  private TextBatches() {}

  /** Indices of the {@code count} texts: by token length (stable) when {@code sortByLength}. */
  static Integer[] order(int count, List<int[]> tokens, boolean sortByLength) {
    Integer[] order = IntStream.range(0, count).boxed().toArray(Integer[]::new);
    if (sortByLength) {
      Arrays.sort(order, Comparator.comparingInt(i -> tokens.get(i).length));
    }
    return order;
  }

  /**
   * How many texts from {@code start} (in length order) go into one run: up to {@code textBatch},
   * fewer when padding them to the longest would waste more than {@link #MAX_PADDING} of the
   * batch's tokens (so a small or spread-out set is not padded to its longest text).
   */
  static int batchSize(List<int[]> tokens, Integer[] order, int start, EncoderOptions options) {
    int limit = Math.min(options.textBatch(), order.length - start);
    if (!options.sortByLength() || options.padTo() > 0) {
      return limit;
    }
    long real = tokens.get(order[start]).length;
    int n = 1;
    while (n < limit) {
      int next = tokens.get(order[start + n]).length; // the longest so far, in length order
      if ((double) (n + 1) * next > (real + next) * (1 + MAX_PADDING)) {
        break;
      }
      real += next;
      n++;
    }
    return n;
  }
}
