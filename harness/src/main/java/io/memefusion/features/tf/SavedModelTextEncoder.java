package io.memefusion.features.tf;

import io.memefusion.UserException;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.Modality;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.TextLayers;
import io.memefusion.features.TextRecipe;
import io.memefusion.features.text.BertTokenizer;
import io.memefusion.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A BERT-style text encoder over a SavedModel. Inputs and outputs are found in the serving
 * signature ({@link BertSignature}). Texts are tokenized with the model's own vocab.txt, sorted by
 * length and cut into batches ({@link TextBatches}), each padded to its longest and run by {@link
 * BertPass}; features come back in the callers' order.
 *
 * <p>A {@link TextRecipe} says which layers are pooled how ({@link BertOutputs} finds them in the
 * model). The encoders of one model made by {@link #withRecipe} share its session and its passes: a
 * pass over a list of texts computes every recipe of {@link #computeTogether} at once, and the
 * other recipes' features of the same texts are then taken from it.
 */
public final class SavedModelTextEncoder implements TextEncoder {
  /** Texts longer than this many ids (with [CLS] and [SEP]) are truncated, as in BERT's setup. */
  public static final int MAX_LENGTH = 128;

  /** bf16 features must stay this close (cosine) to fp32 ones, else fp32 is used. */
  public static final double BF16_MIN_COSINE = 0.99;

  private final EncoderInfo info;
  private final Path dir;
  private final EncoderOptions options;
  private final Boolean lowerCase;
  private final BertPass pass;
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
    final Map<List<String>, Map<TextRecipe, float[]>> kept = new HashMap<>();
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
    BertSignature io = BertSignature.of(sig);
    if (shared.outputs == null) {
      shared.outputs =
          BertOutputs.discover(sig, io.sequence().tensorName(), () -> TfModel.nodeNames(dir));
    }
    this.pass = new BertPass(io, shared.outputs, hidden, options.padTo());
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
    Path vocab = BertAssets.vocabFile(dir);
    Boolean lower = lowerCase != null ? lowerCase : BertAssets.modelJsonLowerCase(dir);
    long[] seqShape = BertSignature.sequenceOutput(sig).shape();
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
    Map<TextRecipe, float[]> out = new LinkedHashMap<>();
    for (TextRecipe r : recipes) {
      out.put(r, new float[texts.size() * r.width(hidden)]);
    }
    if (texts.isEmpty()) {
      return out;
    }
    List<int[]> tokens = tokenizer().encodeAll(texts);
    Integer[] order = TextBatches.order(texts.size(), tokens, options.sortByLength());
    for (int start = 0; start < order.length; ) {
      int n = TextBatches.batchSize(tokens, order, start, options);
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
            BertTokenizer.create(
                BertTokenizer.readVocab(BertAssets.vocabFile(dir)), lowerCase, MAX_LENGTH);
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
    Map<TextRecipe, float[]> result = pass.run(sh.model, rows, recipes);
    if (options.bf16() && !sh.bf16Checked) {
      sh.bf16Checked = true;
      TfModel fp32 = TfModel.load(dir, options.session().withBf16(false));
      Map<TextRecipe, float[]> reference = pass.run(fp32, rows, recipes);
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
}
