package io.memefusion.features.convert.clip;

import io.memefusion.features.convert.SafeTensors;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds the two towers of a Hugging Face {@code CLIPModel} as TF graphs whose variables hold the
 * checkpoint's weights, with the semantics of transformers' {@code modeling_clip.py}:
 *
 * <ul>
 *   <li>vision: patch convolution (no bias) on NHWC pixels, class embedding prepended, position
 *       embeddings, {@code pre_layrnorm}, pre-LN encoder layers, {@code post_layernorm} on the
 *       class token, {@code visual_projection} (no bias);
 *   <li>text: token + position embeddings, causal self-attention, {@code final_layer_norm}, the
 *       state at the end-of-text token ({@link ClipConfig#eotByArgmax()}), {@code text_projection}.
 * </ul>
 *
 * Encoder layer: {@code x + attn(ln1(x))}, then {@code x + fc2(act(fc1(ln2(x))))}; attention scores
 * {@code (q k^T) * head_dim^-0.5}; {@code quick_gelu(x) = x * sigmoid(1.702 x)}; layer norm with
 * the biased variance. Linear weights are stored transposed ([in, out]) so that {@code x W} needs
 * no transpose at run time. Weights are assigned tensor by tensor from the safetensors file (fed,
 * not embedded as constants), so a ViT-L/14 never needs its 1.7 GB twice in memory.
 */
final class ClipGraph {
  private final ClipConfig config;
  private final SafeTensors weights;
  private final Graph graph;
  private final Ops tf;
  private final List<Pending> pending = new ArrayList<>();

  /**
   * A variable and how to fill it: the checkpoint tensor, its shape there, a transpose, and the
   * graph's placeholder and assign op names.
   */
  private record Pending(String name, long[] shape, int[] perm, String feed, String assign) {}

  ClipGraph(ClipConfig config, SafeTensors weights, Graph graph) {
    this.config = config;
    this.weights = weights;
    this.graph = graph;
    this.tf = Ops.create(graph);
  }

  Ops ops() {
    return tf;
  }

  /** Image embeddings [B, projection] of NHWC pixels [B, S, S, 3] (CLIP-normalised). */
  Operand<TFloat32> vision(Operand<TFloat32> pixels) {
    ClipConfig.Tower t = config.vision();
    String p = "vision_model.";
    long h = t.hidden();
    long s = config.patchSize();
    Ops v = tf.withSubScope("vision");
    // conv weight [out, in, kh, kw] (PyTorch) -> [kh, kw, in, out] (TF)
    Operand<TFloat32> kernel =
        weight(v, p + "embeddings.patch_embedding.weight", new long[] {h, 3, s, s}, 2, 3, 1, 0);
    Operand<TFloat32> patches =
        v.nn.conv2d(pixels, kernel, List.of(1L, s, s, 1L), "VALID"); // [B, g, g, h]
    Operand<TInt32> batch = v.slice(v.shape(pixels), v.array(0), v.array(1));
    patches = v.reshape(patches, v.concat(List.of(batch, v.array(-1, (int) h)), v.constant(0)));
    Operand<TFloat32> cls = weight(v, p + "embeddings.class_embedding", new long[] {h});
    Operand<TFloat32> clsRows =
        v.broadcastTo(
            v.reshape(cls, v.array(1, 1, (int) h)),
            v.concat(List.of(batch, v.array(1, (int) h)), v.constant(0)));
    Operand<TFloat32> x = v.concat(List.of(clsRows, patches), v.constant(1)); // [B, N, h]
    Operand<TFloat32> pos =
        weight(v, p + "embeddings.position_embedding.weight", config.visionPositions(), h);
    x = v.math.add(x, pos);
    x = layerNorm(v, p + "pre_layrnorm", x, t);
    for (int i = 0; i < t.layers(); i++) {
      x = layer(v.withSubScope("layer" + i), p + "encoder.layers." + i + ".", x, t, null);
    }
    // class token [B, h]
    Operand<TFloat32> pooled =
        v.squeeze(
            v.slice(x, v.array(0, 0, 0), v.array(-1, 1, -1)),
            org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
    pooled = layerNorm(v, p + "post_layernorm", pooled, t);
    return v.linalg.matMul(
        pooled,
        weight(v, "visual_projection.weight", new long[] {config.projectionDim(), h}, 1, 0));
  }

  /** Text embeddings [B, projection] of token ids [B, T] (T <= max positions). */
  Operand<TFloat32> text(Operand<TInt32> ids) {
    ClipConfig.Tower t = config.text();
    String p = "text_model.";
    int h = t.hidden();
    Ops x0 = tf.withSubScope("text");
    Operand<TFloat32> tokens =
        weight(x0, p + "embeddings.token_embedding.weight", config.vocabSize(), h);
    Operand<TFloat32> positions =
        weight(x0, p + "embeddings.position_embedding.weight", config.maxPositions(), h);
    Operand<TInt32> shape = x0.shape(ids);
    Operand<TInt32> batch = x0.slice(shape, x0.array(0), x0.array(1));
    Operand<TInt32> length = x0.slice(shape, x0.array(1), x0.array(1));
    Operand<TFloat32> x =
        x0.math.add(
            x0.gather(tokens, ids, x0.constant(0)),
            x0.slice(
                positions,
                x0.array(0, 0),
                x0.concat(List.of(length, x0.array(-1)), x0.constant(0))));
    // causal mask [T, T]: 0 on and below the diagonal, a large negative number above it
    Operand<TInt32> len = x0.squeeze(length);
    Operand<TFloat32> ones = x0.fill(x0.stack(List.of(len, len)), x0.constant(1f));
    Operand<TFloat32> mask =
        x0.math.mul(
            x0.math.sub(x0.constant(1f), x0.linalg.bandPart(ones, x0.constant(-1), x0.constant(0))),
            x0.constant(-1e9f));
    for (int i = 0; i < t.layers(); i++) {
      x = layer(x0.withSubScope("layer" + i), p + "encoder.layers." + i + ".", x, t, mask);
    }
    // the end-of-text position of each row [B]
    Operand<TInt32> iota = x0.range(x0.constant(0), len, x0.constant(1));
    Operand<TInt32> target =
        config.eotByArgmax()
            ? x0.max(ids, x0.constant(1), org.tensorflow.op.core.Max.keepDims(true))
            : x0.constant(config.eosTokenId());
    Operand<TInt32> hits =
        x0.select(
            x0.math.equal(ids, target), x0.broadcastTo(iota, shape), x0.broadcastTo(len, shape));
    Operand<TInt32> first = x0.min(hits, x0.constant(1));
    // no end-of-text id in a row: position 0, as torch's argmax of an all-false row
    first = x0.select(x0.math.equal(first, len), x0.zerosLike(first), first);
    Operand<TInt32> rows =
        x0.math.add(
            x0.math.mul(x0.range(x0.constant(0), x0.squeeze(batch), x0.constant(1)), len), first);
    Operand<TFloat32> pooled =
        x0.gather(x0.reshape(x, x0.array(-1, h)), rows, x0.constant(0)); // [B, h]
    pooled = layerNorm(x0, p + "final_layer_norm", pooled, t);
    return x0.linalg.matMul(
        pooled, weight(x0, "text_projection.weight", new long[] {config.projectionDim(), h}, 1, 0));
  }

  /** Assigns every variable from the checkpoint, one tensor at a time. */
  void load(Session session) {
    for (Pending pv : pending) {
      float[] values = weights.floats(pv.name(), pv.shape());
      long[] shape = pv.shape();
      float[] data = pv.perm() == null ? values : transpose(values, shape, pv.perm());
      long[] target = pv.perm() == null ? shape : permute(shape, pv.perm());
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(target), DataBuffers.of(data, true, false))) {
        session.runner().feed(pv.feed(), t).addTarget(pv.assign()).run().close();
      }
    }
  }

  /** One pre-LN encoder layer; {@code mask} [T, T] added to the scores, or null. */
  private Operand<TFloat32> layer(
      Ops l, String p, Operand<TFloat32> x, ClipConfig.Tower t, Operand<TFloat32> mask) {
    int h = t.hidden();
    int heads = t.heads();
    int d = t.headDim();
    Operand<TInt32> shape = l.shape(x); // [B, T, h]
    Operand<TInt32> bt = l.slice(shape, l.array(0), l.array(2));
    Operand<TFloat32> y = layerNorm(l, p + "layer_norm1", x, t);
    Operand<TFloat32> flat = l.reshape(y, l.array(-1, h));
    Operand<TInt32> split = l.concat(List.of(bt, l.array(heads, d)), l.constant(0));
    Operand<TFloat32> q = heads(l, linear(l, p + "self_attn.q_proj", flat, h, h), split);
    Operand<TFloat32> k = heads(l, linear(l, p + "self_attn.k_proj", flat, h, h), split);
    Operand<TFloat32> v = heads(l, linear(l, p + "self_attn.v_proj", flat, h, h), split);
    // [B, heads, T, T]
    Operand<TFloat32> scores =
        l.math.mul(
            l.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
            l.constant((float) Math.pow(d, -0.5)));
    if (mask != null) {
      scores = l.math.add(scores, mask);
    }
    Operand<TFloat32> context =
        l.linalg.transpose(
            l.train.batchMatMul(l.nn.softmax(scores), v, TFloat32.class), l.array(0, 2, 1, 3));
    Operand<TFloat32> attn =
        linear(l, p + "self_attn.out_proj", l.reshape(context, l.array(-1, h)), h, h);
    x = l.math.add(x, l.reshape(attn, shape));
    y = layerNorm(l, p + "layer_norm2", x, t);
    Operand<TFloat32> hidden =
        activation(
            l, linear(l, p + "mlp.fc1", l.reshape(y, l.array(-1, h)), h, t.intermediate()), t);
    Operand<TFloat32> out = linear(l, p + "mlp.fc2", hidden, t.intermediate(), h);
    return l.math.add(x, l.reshape(out, shape));
  }

  /** [B*T, h] -> [B, heads, T, d]. */
  private static Operand<TFloat32> heads(Ops l, Operand<TFloat32> x, Operand<TInt32> split) {
    return l.linalg.transpose(l.reshape(x, split), l.array(0, 2, 1, 3));
  }

  private Operand<TFloat32> activation(Ops l, Operand<TFloat32> x, ClipConfig.Tower t) {
    if (t.act().equals("quick_gelu")) {
      return l.math.mul(x, l.math.sigmoid(l.math.mul(x, l.constant(1.702f))));
    }
    // exact gelu: 0.5 x (1 + erf(x / sqrt 2))
    return l.math.mul(
        l.math.mul(x, l.constant(0.5f)),
        l.math.add(
            l.constant(1f), l.math.erf(l.math.mul(x, l.constant((float) (1 / Math.sqrt(2)))))));
  }

  /**
   * {@code x W^T + b} with the checkpoint's {@code name.weight} [out, in] and {@code name.bias}.
   */
  private Operand<TFloat32> linear(Ops l, String name, Operand<TFloat32> x, long in, long out) {
    Operand<TFloat32> w = weight(l, name + ".weight", new long[] {out, in}, 1, 0);
    return l.math.add(l.linalg.matMul(x, w), weight(l, name + ".bias", out));
  }

  private Operand<TFloat32> layerNorm(Ops l, String name, Operand<TFloat32> x, ClipConfig.Tower t) {
    long h = t.hidden();
    Operand<TInt32> last = l.constant(-1);
    Operand<TFloat32> mean = l.math.mean(x, last, Mean.keepDims(true));
    Operand<TFloat32> var =
        l.math.mean(l.math.squaredDifference(x, mean), last, Mean.keepDims(true));
    Operand<TFloat32> norm =
        l.math.mul(l.math.sub(x, mean), l.math.rsqrt(l.math.add(var, l.constant((float) t.eps()))));
    return l.math.add(
        l.math.mul(norm, weight(l, name + ".weight", h)), weight(l, name + ".bias", h));
  }

  private Operand<TFloat32> weight(Ops l, String name, long... shape) {
    return weight(l, name, shape, (int[]) null);
  }

  /** A variable filled from the checkpoint tensor {@code name} of {@code shape}, transposed. */
  private Operand<TFloat32> weight(Ops l, String name, long[] shape, int... perm) {
    long[] target = perm == null ? shape : permute(shape, perm);
    String id = "w" + pending.size();
    Variable<TFloat32> var = l.withName(id).variable(Shape.of(target), TFloat32.class);
    Placeholder<TFloat32> in =
        l.withName(id + "_value").placeholder(TFloat32.class, Placeholder.shape(Shape.of(target)));
    var assign = l.withName(id + "_assign").assign(var, in);
    pending.add(new Pending(name, shape, perm, in.op().name(), assign.op().name()));
    return var;
  }

  private static long[] permute(long[] shape, int[] perm) {
    long[] out = new long[shape.length];
    for (int i = 0; i < perm.length; i++) {
      out[i] = shape[perm[i]];
    }
    return out;
  }

  /** Row-major transpose of {@code values} of {@code shape}: out axis i is in axis perm[i]. */
  static float[] transpose(float[] values, long[] shape, int[] perm) {
    int n = shape.length;
    long[] out = permute(shape, perm);
    long[] inStride = new long[n];
    long stride = 1;
    for (int i = n - 1; i >= 0; i--) {
      inStride[i] = stride;
      stride *= shape[i];
    }
    long[] step = new long[n]; // input stride of each output axis
    for (int i = 0; i < n; i++) {
      step[i] = inStride[perm[i]];
    }
    float[] result = new float[values.length];
    int[] idx = new int[n];
    long src = 0;
    for (int o = 0; o < result.length; o++) {
      result[o] = values[(int) src];
      for (int a = n - 1; a >= 0; a--) {
        idx[a]++;
        src += step[a];
        if (idx[a] < out[a]) {
          break;
        }
        src -= step[a] * out[a];
        idx[a] = 0;
      }
    }
    return result;
  }

  Graph graph() {
    return graph;
  }
}
