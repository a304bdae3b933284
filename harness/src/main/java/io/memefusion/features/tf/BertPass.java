package io.memefusion.features.tf;

import io.memefusion.features.Pooling;
import io.memefusion.features.TextRecipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One batch of token ids through a BERT model: padded to the batch's longest (or {@code padTo}),
 * the layers the recipes read fetched in one run, then pooled per recipe. Every tensor is closed.
 */
final class BertPass {
  private final BertSignature io;
  private final BertOutputs outputs;
  private final int hidden;
  private final int padTo;

  BertPass(BertSignature io, BertOutputs outputs, int hidden, int padTo) {
    this.io = io;
    this.outputs = outputs;
    this.hidden = hidden;
    this.padTo = padTo;
  }

  /** [n, width] features of {@code rows} per recipe of {@code recipes}, in their order. */
  Map<TextRecipe, float[]> run(TfModel m, List<int[]> rows, List<TextRecipe> recipes) {
    int n = rows.size();
    int longest = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int t = Math.max(longest, padTo);
    int[] idv = new int[n * t];
    int[] maskv = new int[n * t];
    for (int i = 0; i < n; i++) {
      int[] r = rows.get(i);
      System.arraycopy(r, 0, idv, i * t, r.length);
      Arrays.fill(maskv, i * t, i * t + r.length, 1);
    }
    List<float[]> values = fetch(m, fetches(recipes), idv, maskv, n, t);
    Map<TextRecipe, float[]> out = new LinkedHashMap<>();
    for (TextRecipe r : recipes) {
      out.put(
          r,
          r.pooling() == Pooling.POOLED
              ? values.get(values.size() - 1)
              : TextPooling.pool(r, values.subList(0, r.layers().count()), maskv, n, t, hidden));
    }
    return out;
  }

  /** What the recipes read: the last layers (the sequence output first), the pooler output. */
  private List<String> fetches(List<TextRecipe> recipes) {
    int layers = 1;
    boolean pooledNeeded = false;
    for (TextRecipe r : recipes) {
      layers = Math.max(layers, r.layers().count());
      pooledNeeded |= r.pooling() == Pooling.POOLED;
    }
    List<String> fetches = new ArrayList<>(outputs.last(layers));
    if (pooledNeeded) {
      fetches.add(outputs.pooled());
    }
    return fetches;
  }

  /** Runs the [n, t] ids and mask (segment ids all 0) and copies out each fetched tensor. */
  private List<float[]> fetch(
      TfModel m, List<String> fetches, int[] idv, int[] maskv, int n, int t) {
    Shape shape = Shape.of(n, t);
    List<float[]> values = new ArrayList<>();
    try (TInt32 idT = TInt32.tensorOf(shape, DataBuffers.of(idv, true, false));
        TInt32 maskT = TInt32.tensorOf(shape, DataBuffers.of(maskv, true, false));
        TInt32 typeT = TInt32.tensorOf(shape, DataBuffers.of(new int[n * t], true, false))) {
      Session.Runner runner =
          m.session().runner().feed(io.ids().tensorName(), idT).feed(io.mask().tensorName(), maskT);
      if (io.types() != null) {
        runner.feed(io.types().tensorName(), typeT);
      }
      fetches.forEach(runner::fetch);
      try (Result r = runner.run()) {
        for (int i = 0; i < fetches.size(); i++) {
          Tensor out = r.get(i);
          float[] v = new float[(int) out.shape().size()];
          ((TFloat32) out).copyTo(DataBuffers.of(v, false, false));
          values.add(v);
        }
      }
    }
    return values;
  }
}
