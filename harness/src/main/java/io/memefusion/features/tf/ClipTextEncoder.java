package io.memefusion.features.tf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.Modality;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.convert.clip.ClipConverter;
import io.memefusion.features.text.ClipTokenizer;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The text tower of a converted CLIP ({@link ClipConverter}): texts tokenized with the model's own
 * {@code assets/tokenizer.json}, cut to its {@code max_position_embeddings} (77) ids, sorted by
 * length and padded with id 0 after the end-of-text token (the causal mask keeps padding out of the
 * states before it), then the projected end-of-text state.
 */
public final class ClipTextEncoder implements TextEncoder {
  private final EncoderInfo info;
  private final EncoderOptions options;
  private final int maxLength;
  private final int vocabSize;
  private final TensorSpec ids;
  private final TensorSpec embeds;
  private final int[] sizes; // hidden, intermediate, layers (0 when not recorded)
  private final List<String> notes = new ArrayList<>();
  private ClipTokenizer tokenizer;
  private TfModel model;

  private ClipTextEncoder(
      EncoderInfo info,
      EncoderOptions options,
      int maxLength,
      int vocabSize,
      TensorSpec ids,
      TensorSpec embeds,
      int[] sizes) {
    this.info = info;
    this.options = options;
    this.maxLength = maxLength;
    this.vocabSize = vocabSize;
    this.ids = ids;
    this.embeds = embeds;
    this.sizes = sizes;
  }

  /** Multiply-add FLOPs of the transformer on one text of {@code length} ids (NaN if unknown). */
  public double flops(int length) {
    double h = sizes[0];
    double inter = sizes[1];
    if (h == 0) {
      return Double.NaN;
    }
    return sizes[2] * (length * 2 * (4 * h * h + 2 * h * inter) + 4.0 * length * length * h);
  }

  /** True when {@code dir} holds a converted CLIP text tower. */
  public static boolean isClipText(Path dir) {
    return Files.isRegularFile(dir.resolve("assets").resolve(ClipConverter.TEXT_SETTINGS))
        && Files.isRegularFile(dir.resolve("assets").resolve(ClipConverter.TOKENIZER));
  }

  public static ClipTextEncoder open(
      String modelId,
      Path dir,
      String modelHash,
      boolean pretrained,
      String note,
      EncoderOptions options) {
    ModelSignature sig = TfModel.readSignature(dir);
    TensorSpec in =
        sig.input(t -> t.isInt() && t.key().equals(ClipConverter.INPUT_IDS))
            .orElseThrow(() -> new UserException(dir + ": no input_ids in " + sig.describe()));
    TensorSpec out =
        sig.output(t -> t.isFloat() && t.rank() == 2 && t.shape()[1] > 0)
            .orElseThrow(
                () -> new UserException(dir + ": no text_embeds [-1, D] in " + sig.describe()));
    Path settings = dir.resolve("assets").resolve(ClipConverter.TEXT_SETTINGS);
    JsonNode s;
    try {
      s = new ObjectMapper().readTree(settings.toFile());
    } catch (IOException e) {
      throw new UserException("cannot read " + settings + ": " + e.getMessage(), e);
    }
    int max = s.path("max_length").asInt(77);
    int vocab = s.path("vocab_size").asInt(0);
    Map<String, String> pre = new TreeMap<>();
    pre.put("tokenizer", "clip_bpe");
    pre.put("max_length", Integer.toString(max));
    pre.put("pooling", "eot_" + s.path("eot").asText("argmax_id"));
    pre.put("precision", "fp32");
    EncoderInfo info =
        new EncoderInfo(
            modelId, Modality.TEXT, dir, modelHash, (int) out.shape()[1], pretrained, note, pre);
    int[] sizes = {
      s.path("hidden_size").asInt(0),
      s.path("intermediate_size").asInt(0),
      s.path("num_hidden_layers").asInt(0)
    };
    return new ClipTextEncoder(info, options, max, vocab, in, out, sizes);
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  /** Token ids as this encoder feeds them, and how many texts were cut. */
  public synchronized ClipTokenizer.Tokens tokenize(List<String> texts) {
    return tokenizer().encodeAll(texts);
  }

  @Override
  public float[] encode(List<String> texts, Progress progress) {
    int dim = info.dim();
    float[] out = new float[texts.size() * dim];
    if (texts.isEmpty()) {
      return out;
    }
    ClipTokenizer.Tokens tokens = tokenize(texts);
    if (tokens.truncated() > 0) {
      note(
          tokens.truncated()
              + " of "
              + texts.size()
              + " texts longer than "
              + maxLength
              + " tokens were truncated");
    }
    List<int[]> rows = tokens.ids();
    Integer[] order = IntStream.range(0, texts.size()).boxed().toArray(Integer[]::new);
    if (options.sortByLength()) {
      Arrays.sort(order, Comparator.comparingInt(i -> rows.get(i).length));
    }
    int batch = options.textBatch();
    for (int start = 0; start < order.length; start += batch) {
      int n = Math.min(batch, order.length - start);
      List<int[]> part = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        part.add(rows.get(order[start + i]));
      }
      float[] e = run(part);
      for (int i = 0; i < n; i++) {
        System.arraycopy(e, i * dim, out, order[start + i] * dim, dim);
      }
      progress.advance(n);
    }
    return out;
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

  private synchronized void note(String s) {
    notes.add(info.modelId() + ": " + s);
  }

  private synchronized ClipTokenizer tokenizer() {
    if (tokenizer == null) {
      tokenizer =
          ClipTokenizer.open(
              info.dir().resolve("assets").resolve(ClipConverter.TOKENIZER), vocabSize, maxLength);
    }
    return tokenizer;
  }

  private synchronized float[] run(List<int[]> rows) {
    if (model == null) {
      model = TfModel.load(info.dir(), options.session().withBf16(false));
    }
    int n = rows.size();
    int t = Math.max(1, rows.stream().mapToInt(r -> r.length).max().orElse(1));
    t = Math.max(t, Math.min(options.padTo(), maxLength));
    int[] flat = new int[n * t];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows.get(i), 0, flat, i * t, rows.get(i).length);
    }
    try (TInt32 idT = TInt32.tensorOf(Shape.of(n, t), DataBuffers.of(flat, true, false));
        Result r =
            model.session().runner().feed(ids.tensorName(), idT).fetch(embeds.tensorName()).run()) {
      TFloat32 e = (TFloat32) r.get(0);
      float[] values = new float[(int) e.shape().size()];
      e.copyTo(DataBuffers.of(values, false, false));
      return values;
    }
  }
}
