package io.memefusion.features.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A CLIP text tokenizer from a Hugging Face {@code tokenizer.json} (byte-level BPE with {@code
 * <|startoftext|>} and {@code <|endoftext|>} added by its post-processor), run by the Hugging Face
 * tokenizers library through DJL. Sequences longer than {@code maxLength} ids are cut as
 * transformers' {@code truncation=True} does: the text's tokens are cut and the closing special
 * token kept, so every row still ends with end-of-text. The count of cut texts is returned.
 */
public final class ClipTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;

  /** Token ids of some texts, in order, and how many had to be cut to {@code maxLength}. */
  public record Tokens(List<int[]> ids, int truncated) {}

  private ClipTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
  }

  /**
   * Checks that {@code file} is a tokenizer.json whose ids fill exactly {@code vocabSize} slots
   * (the model's token embedding rows): one line naming the file otherwise.
   */
  public static void check(Path file, int vocabSize, int maxLength) {
    int size = size(file);
    if (size != vocabSize) {
      throw new UserException(
          file
              + ": the tokenizer has "
              + size
              + " token ids but the model's vocab_size is "
              + vocabSize
              + ": not this model's tokenizer");
    }
    if (maxLength < 2) {
      throw new UserException(file + ": max length " + maxLength + " leaves no room for text");
    }
  }

  /** Opens {@code file} after {@link #check}. */
  public static ClipTokenizer open(Path file, int vocabSize, int maxLength) {
    check(file, vocabSize, maxLength);
    try {
      HuggingFaceTokenizer t =
          HuggingFaceTokenizer.newInstance(
              file,
              Map.of(
                  "addSpecialTokens", "true",
                  "truncation", "false",
                  "padding", "false"));
      return new ClipTokenizer(t, maxLength);
    } catch (IOException | RuntimeException e) {
      throw new UserException(
          file + ": not a tokenizer the tokenizers library reads: " + e.getMessage(), e);
    }
  }

  /** Ids of each text, special tokens included, cut to {@code maxLength}. */
  public Tokens encodeAll(List<String> texts) {
    if (texts.isEmpty()) {
      return new Tokens(List.of(), 0);
    }
    Encoding[] encodings = tokenizer.batchEncode(texts);
    List<int[]> out = new ArrayList<>(encodings.length);
    int truncated = 0;
    for (Encoding e : encodings) {
      long[] ids = e.getIds();
      long[] special = e.getSpecialTokenMask();
      int n = ids.length;
      int[] row;
      if (n <= maxLength) {
        row = new int[n];
        for (int i = 0; i < n; i++) {
          row[i] = (int) ids[i];
        }
      } else {
        truncated++;
        row = new int[maxLength];
        boolean closing = special.length == n && special[n - 1] == 1;
        int keep = closing ? maxLength - 1 : maxLength;
        for (int i = 0; i < keep; i++) {
          row[i] = (int) ids[i];
        }
        if (closing) {
          row[maxLength - 1] = (int) ids[n - 1];
        }
      }
      out.add(row);
    }
    return new Tokens(out, truncated);
  }

  public int maxLength() {
    return maxLength;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  /** Number of id slots a tokenizer.json uses: its largest id (vocabulary or added token) + 1. */
  static int size(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UserException(
          file
              + ": not a readable tokenizer.json: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    JsonNode vocab = root == null ? null : root.path("model").get("vocab");
    if (vocab == null || !(vocab.isObject() || vocab.isArray()) || vocab.isEmpty()) {
      throw new UserException(file + ": not a tokenizer.json (no model.vocab)");
    }
    long max = -1;
    if (vocab.isObject()) {
      for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
        max = Math.max(max, it.next().asLong(-1));
      }
    } else {
      max = vocab.size() - 1; // Unigram: [[piece, score], ...], id = position
    }
    for (JsonNode added : root.path("added_tokens")) {
      max = Math.max(max, added.path("id").asLong(-1));
    }
    return (int) (max + 1);
  }
}
