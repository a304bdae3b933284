package io.memefusion.features.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BERT WordPiece tokenization from a model's own {@code vocab.txt}, done by the Hugging Face
 * tokenizers library (through DJL, native code shipped in its jar). The tokenizer.json it loads is
 * generated here from the vocabulary with the pipeline of BERT's reference tokenizer:
 * BertNormalizer (clean text, CJK characters split out, lower-casing and accent stripping when
 * uncased), BertPreTokenizer (whitespace and punctuation split), WordPiece ({@code ##}
 * continuations, {@code [UNK]} for words it cannot piece together or longer than 100 characters),
 * then {@code [CLS] ... [SEP]} and truncation to {@code maxLength} ids including both.
 */
public final class BertTokenizer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final boolean lowerCase;

  private BertTokenizer(HuggingFaceTokenizer tokenizer, int maxLength, boolean lowerCase) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    this.lowerCase = lowerCase;
  }

  /** Reads {@code vocab.txt} (one token a line; line number = id). */
  public static List<String> readVocab(Path vocabTxt) {
    try {
      List<String> lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
      List<String> vocab = new ArrayList<>(lines.size());
      for (String line : lines) {
        vocab.add(line.strip());
      }
      while (!vocab.isEmpty() && vocab.get(vocab.size() - 1).isEmpty()) {
        vocab.remove(vocab.size() - 1);
      }
      return vocab;
    } catch (IOException e) {
      throw new UserException("cannot read the vocabulary " + vocabTxt + ": " + e.getMessage(), e);
    }
  }

  /**
   * A tokenizer over the given vocabulary. {@code lowerCase} null: uncased unless the vocabulary
   * holds upper-case word pieces (a cased BERT).
   */
  public static BertTokenizer create(List<String> vocab, Boolean lowerCase, int maxLength) {
    if (maxLength < 2) {
      throw new IllegalArgumentException("max length must leave room for [CLS] and [SEP]");
    }
    for (String special : List.of("[UNK]", "[CLS]", "[SEP]", "[PAD]")) {
      if (!vocab.contains(special)) {
        throw new UserException("the vocabulary has no " + special + " token");
      }
    }
    boolean lower = lowerCase != null ? lowerCase : !looksCased(vocab);
    byte[] json = tokenizerJson(vocab, lower, maxLength).getBytes(StandardCharsets.UTF_8);
    try {
      HuggingFaceTokenizer t =
          HuggingFaceTokenizer.newInstance(
              new ByteArrayInputStream(json),
              Map.of(
                  "addSpecialTokens", "true",
                  "truncation", "true",
                  "padding", "false",
                  "maxLength", Integer.toString(maxLength)));
      return new BertTokenizer(t, maxLength, lower);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the WordPiece tokenizer", e);
    }
  }

  /** Token ids of one text: {@code [CLS] pieces... [SEP]}, at most {@code maxLength}. */
  public int[] encode(String text) {
    return toInts(tokenizer.encode(text).getIds());
  }

  /** Token ids of many texts, in order (tokenized in parallel by the native library). */
  public List<int[]> encodeAll(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    List<int[]> out = new ArrayList<>(encodings.length);
    for (Encoding e : encodings) {
      out.add(toInts(e.getIds()));
    }
    return out;
  }

  /** The word pieces of one text (without [CLS]/[SEP]), for inspection. */
  public List<String> pieces(String text) {
    return tokenizer.tokenize(text).stream().filter(t -> !isSpecial(t)).toList();
  }

  public int maxLength() {
    return maxLength;
  }

  public boolean lowerCase() {
    return lowerCase;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  private static boolean isSpecial(String token) {
    return token.equals("[CLS]") || token.equals("[SEP]");
  }

  private static int[] toInts(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  private static boolean looksCased(List<String> vocab) {
    return vocab.stream()
        .filter(t -> !(t.startsWith("[") && t.endsWith("]")))
        .anyMatch(t -> !t.equals(t.toLowerCase(java.util.Locale.ROOT)));
  }

  /** The Hugging Face tokenizer.json of a BERT WordPiece tokenizer over {@code vocab}. */
  static String tokenizerJson(List<String> vocab, boolean lowerCase, int maxLength) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    ObjectNode truncation = root.putObject("truncation");
    truncation.put("direction", "Right");
    truncation.put("max_length", maxLength);
    truncation.put("strategy", "LongestFirst");
    truncation.put("stride", 0);
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
      int id = vocab.indexOf(special);
      if (id < 0) {
        continue;
      }
      ObjectNode t = added.addObject();
      t.put("id", id);
      t.put("content", special);
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", false);
      t.put("special", true);
    }
    ObjectNode normalizer = root.putObject("normalizer");
    normalizer.put("type", "BertNormalizer");
    normalizer.put("clean_text", true);
    normalizer.put("handle_chinese_chars", true);
    normalizer.putNull("strip_accents"); // null: strip exactly when lower-casing, as BERT does
    normalizer.put("lowercase", lowerCase);
    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    single.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    single.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
    ArrayNode pair = post.putArray("pair");
    pair.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
    pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 1);
    ObjectNode specials = post.putObject("special_tokens");
    for (String special : List.of("[CLS]", "[SEP]")) {
      ObjectNode s = specials.putObject(special);
      s.put("id", special);
      s.putArray("ids").add(vocab.indexOf(special));
      s.putArray("tokens").add(special);
    }
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "WordPiece");
    decoder.put("prefix", "##");
    decoder.put("cleanup", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "WordPiece");
    model.put("unk_token", "[UNK]");
    model.put("continuing_subword_prefix", "##");
    model.put("max_input_chars_per_word", 100);
    ObjectNode ids = model.putObject("vocab");
    for (int i = 0; i < vocab.size(); i++) {
      ids.put(vocab.get(i), i); // a duplicate line takes the later id, as BERT's load_vocab does
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
