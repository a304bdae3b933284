package io.memefusion.features.convert.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.features.convert.SafeTensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random CLIPModel in Hugging Face naming, written by tests: {@code model.safetensors}, {@code
 * config.json} and a word-level {@code tokenizer.json} whose last two ids are {@code
 * <|startoftext|>} and {@code <|endoftext|>} (so end-of-text is the largest id, as in CLIP's BPE).
 */
public final class TinyClip {
  /** Sizes of the random model. */
  public record Spec(
      int textHidden,
      int textLayers,
      int textHeads,
      int textInter,
      int vocab,
      int maxPositions,
      int visionHidden,
      int visionLayers,
      int visionHeads,
      int visionInter,
      int imageSize,
      int patch,
      int projection,
      int eosTokenId,
      String act) {
    /** Small enough for a test: text 32-d, vision 24-d, two layers each, 32 px images. */
    public static Spec tiny() {
      return new Spec(32, 2, 4, 64, 40, 16, 24, 2, 3, 48, 32, 8, 12, 2, "quick_gelu");
    }

    /** The sizes of openai/clip-vit-base-patch32. */
    public static Spec vitB32() {
      return new Spec(
          512, 12, 8, 2048, 49408, 77, 768, 12, 12, 3072, 224, 32, 512, 2, "quick_gelu");
    }

    public Spec withEos(int id) {
      return new Spec(
          textHidden,
          textLayers,
          textHeads,
          textInter,
          vocab,
          maxPositions,
          visionHidden,
          visionLayers,
          visionHeads,
          visionInter,
          imageSize,
          patch,
          projection,
          id,
          act);
    }

    public Spec withAct(String a) {
      return new Spec(
          textHidden,
          textLayers,
          textHeads,
          textInter,
          vocab,
          maxPositions,
          visionHidden,
          visionLayers,
          visionHeads,
          visionInter,
          imageSize,
          patch,
          projection,
          eosTokenId,
          a);
    }
  }

  /** Words of the tokenizer, ids 0.. in order; the two special tokens follow. */
  public static final List<String> WORDS =
      List.of("a", "photo", "of", "cat", "dog", "meme", "when", "you", "the", "is", "and", "not");

  private TinyClip() {}

  /** The weights written, by tensor name, in PyTorch layout. */
  public static Map<String, float[]> weights(Spec s, long seed) {
    Random r = new Random(seed);
    Map<String, float[]> w = new LinkedHashMap<>();
    int vh = s.visionHidden();
    int th = s.textHidden();
    int grid = s.imageSize() / s.patch();
    put(w, r, "vision_model.embeddings.class_embedding", 0.5, vh);
    put(
        w,
        r,
        "vision_model.embeddings.patch_embedding.weight",
        0.1,
        vh * 3 * s.patch() * s.patch());
    put(w, r, "vision_model.embeddings.position_embedding.weight", 0.5, (grid * grid + 1) * vh);
    norm(w, r, "vision_model.pre_layrnorm", vh);
    layers(w, r, "vision_model.encoder.layers.", s.visionLayers(), vh, s.visionInter());
    norm(w, r, "vision_model.post_layernorm", vh);
    put(w, r, "visual_projection.weight", 0.3, s.projection() * vh);
    put(w, r, "text_model.embeddings.token_embedding.weight", 0.5, s.vocab() * th);
    put(w, r, "text_model.embeddings.position_embedding.weight", 0.5, s.maxPositions() * th);
    layers(w, r, "text_model.encoder.layers.", s.textLayers(), th, s.textInter());
    norm(w, r, "text_model.final_layer_norm", th);
    put(w, r, "text_projection.weight", 0.3, s.projection() * th);
    put(w, r, "logit_scale", 1, 1);
    return w;
  }

  /** PyTorch shape of each tensor. */
  public static long[] shape(Spec s, String name) {
    int vh = s.visionHidden();
    int th = s.textHidden();
    boolean vision = name.startsWith("vision_model.");
    int h = vision ? vh : th;
    int inter = vision ? s.visionInter() : s.textInter();
    if (name.equals("logit_scale")) {
      return new long[] {};
    }
    if (name.endsWith("class_embedding")) {
      return new long[] {vh};
    }
    if (name.endsWith("patch_embedding.weight")) {
      return new long[] {vh, 3, s.patch(), s.patch()};
    }
    if (name.equals("vision_model.embeddings.position_embedding.weight")) {
      int g = s.imageSize() / s.patch();
      return new long[] {g * g + 1, vh};
    }
    if (name.equals("visual_projection.weight")) {
      return new long[] {s.projection(), vh};
    }
    if (name.equals("text_projection.weight")) {
      return new long[] {s.projection(), th};
    }
    if (name.endsWith("token_embedding.weight")) {
      return new long[] {s.vocab(), th};
    }
    if (name.equals("text_model.embeddings.position_embedding.weight")) {
      return new long[] {s.maxPositions(), th};
    }
    if (name.endsWith("fc1.weight")) {
      return new long[] {inter, h};
    }
    if (name.endsWith("fc1.bias")) {
      return new long[] {inter};
    }
    if (name.endsWith("fc2.weight")) {
      return new long[] {h, inter};
    }
    if (name.endsWith("proj.weight")) {
      return new long[] {h, h};
    }
    return new long[] {h}; // biases and layer norms
  }

  /** Writes model.safetensors, config.json and tokenizer.json into {@code dir}. */
  public static Map<String, float[]> write(Path dir, Spec s, long seed) throws IOException {
    Files.createDirectories(dir);
    Map<String, float[]> w = weights(s, seed);
    SafeTensorsWriter out = new SafeTensorsWriter();
    w.forEach((name, v) -> out.f32(name, v, shape(s, name)));
    out.write(dir.resolve("model.safetensors"));
    Files.writeString(dir.resolve("config.json"), config(s));
    Files.writeString(dir.resolve("tokenizer.json"), tokenizer(s.vocab()));
    return w;
  }

  public static String config(Spec s) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.putArray("architectures").add("CLIPModel");
    root.put("model_type", "clip");
    root.put("projection_dim", s.projection());
    ObjectNode t = root.putObject("text_config");
    t.put("hidden_size", s.textHidden());
    t.put("intermediate_size", s.textInter());
    t.put("num_hidden_layers", s.textLayers());
    t.put("num_attention_heads", s.textHeads());
    t.put("vocab_size", s.vocab());
    t.put("max_position_embeddings", s.maxPositions());
    t.put("hidden_act", s.act());
    t.put("layer_norm_eps", 1e-5);
    t.put("bos_token_id", 0);
    t.put("pad_token_id", 1);
    t.put("eos_token_id", s.eosTokenId());
    ObjectNode v = root.putObject("vision_config");
    v.put("hidden_size", s.visionHidden());
    v.put("intermediate_size", s.visionInter());
    v.put("num_hidden_layers", s.visionLayers());
    v.put("num_attention_heads", s.visionHeads());
    v.put("image_size", s.imageSize());
    v.put("patch_size", s.patch());
    v.put("hidden_act", s.act());
    v.put("layer_norm_eps", 1e-5);
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  /**
   * A word-level tokenizer over {@link #WORDS} padded with filler words to {@code vocab - 2} ids,
   * then {@code <|startoftext|>} ({@code vocab - 2}) and {@code <|endoftext|>} ({@code vocab - 1}),
   * lower-casing, whitespace split, {@code <|startoftext|> text <|endoftext|>}.
   */
  public static String tokenizer(int vocab) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    String bos = "<|startoftext|>";
    String eos = "<|endoftext|>";
    for (String special : List.of(bos, eos)) {
      ObjectNode a = added.addObject();
      a.put("id", special.equals(bos) ? vocab - 2 : vocab - 1);
      a.put("content", special);
      a.put("single_word", false);
      a.put("lstrip", false);
      a.put("rstrip", false);
      a.put("normalized", false);
      a.put("special", true);
    }
    root.putObject("normalizer").put("type", "Lowercase");
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    single.addObject().putObject("SpecialToken").put("id", eos).put("type_id", 0);
    ArrayNode pair = post.putArray("pair");
    pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
    pair.addObject().putObject("SpecialToken").put("id", eos).put("type_id", 0);
    ObjectNode specials = post.putObject("special_tokens");
    for (String special : List.of(bos, eos)) {
      ObjectNode sp = specials.putObject(special);
      sp.put("id", special);
      sp.putArray("ids").add(special.equals(bos) ? vocab - 2 : vocab - 1);
      sp.putArray("tokens").add(special);
    }
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode ids = model.putObject("vocab");
    List<String> words = new ArrayList<>(WORDS);
    for (int i = words.size(); i < vocab - 2; i++) {
      words.add("w" + i);
    }
    for (int i = 0; i < vocab - 2; i++) {
      ids.put(words.get(i), i);
    }
    ids.put(bos, vocab - 2);
    ids.put(eos, vocab - 1);
    model.put("unk_token", eos);
    return json.writeValueAsString(root);
  }

  /** Hand-made ids of a text of known words: start, the words' ids, end. */
  public static int[] ids(int vocab, String text) {
    String[] words = text.toLowerCase(java.util.Locale.ROOT).split(" ");
    int[] out = new int[words.length + 2];
    out[0] = vocab - 2;
    for (int i = 0; i < words.length; i++) {
      out[i + 1] = WORDS.indexOf(words[i]);
    }
    out[out.length - 1] = vocab - 1;
    return out;
  }

  private static void layers(Map<String, float[]> w, Random r, String p, int n, int h, int inter) {
    for (int i = 0; i < n; i++) {
      String l = p + i + ".";
      norm(w, r, l + "layer_norm1", h);
      for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
        put(w, r, l + "self_attn." + proj + ".weight", 1.0 / Math.sqrt(h), h * h);
        put(w, r, l + "self_attn." + proj + ".bias", 0.1, h);
      }
      norm(w, r, l + "layer_norm2", h);
      put(w, r, l + "mlp.fc1.weight", 1.0 / Math.sqrt(h), inter * h);
      put(w, r, l + "mlp.fc1.bias", 0.1, inter);
      put(w, r, l + "mlp.fc2.weight", 1.0 / Math.sqrt(inter), h * inter);
      put(w, r, l + "mlp.fc2.bias", 0.1, h);
    }
  }

  private static void norm(Map<String, float[]> w, Random r, String name, int h) {
    float[] g = new float[h];
    for (int i = 0; i < h; i++) {
      g[i] = (float) (1 + 0.2 * r.nextGaussian());
    }
    w.put(name + ".weight", g);
    put(w, r, name + ".bias", 0.1, h);
  }

  private static void put(Map<String, float[]> w, Random r, String name, double std, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (std * r.nextGaussian());
    }
    w.put(name, v);
  }
}
