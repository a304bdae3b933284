package io.memefusion.features.convert.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The sizes of a Hugging Face {@code CLIPModel} from its {@code config.json}: {@code model_type}
 * "clip", a {@code text_config} and a {@code vision_config}, {@code projection_dim}. A size missing
 * from the file takes the default of {@code CLIPTextConfig}/{@code CLIPVisionConfig} (the ViT-B/32
 * sizes), as transformers does.
 */
public record ClipConfig(
    Tower text,
    Tower vision,
    int projectionDim,
    int vocabSize,
    int maxPositions,
    int eosTokenId,
    int imageSize,
    int patchSize) {

  /** One transformer stack. */
  public record Tower(int hidden, int intermediate, int layers, int heads, String act, double eps) {
    public Tower {
      if (hidden <= 0 || intermediate <= 0 || layers <= 0 || heads <= 0) {
        throw new IllegalArgumentException("sizes must be positive");
      }
    }

    public int headDim() {
      return hidden / heads;
    }
  }

  public ClipConfig {
    if (vision != null && imageSize % patchSize != 0) {
      throw new IllegalArgumentException(
          "image_size " + imageSize + " is not a multiple of patch_size " + patchSize);
    }
  }

  /** Patches per image side. */
  public int grid() {
    return imageSize / patchSize;
  }

  /** Positions of the vision transformer: the class token and the patches. */
  public int visionPositions() {
    return grid() * grid() + 1;
  }

  /**
   * How the text tower finds the end-of-text state: the first position of the largest id when the
   * config says {@code eos_token_id} 2 (the original OpenAI configs, whose real end-of-text id
   * 49407 is the largest in the vocabulary), else the first position of {@code eos_token_id}.
   */
  public boolean eotByArgmax() {
    return eosTokenId == 2;
  }

  /** Reads and checks {@code config.json}; any problem is one line naming the file. */
  public static ClipConfig read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UserException(file + ": not a readable JSON config: " + firstLine(e));
    }
    if (root == null || !root.isObject()) {
      throw new UserException(file + ": not a JSON object");
    }
    return parse(root, file.toString());
  }

  /** Parses a config tree; {@code where} names it in messages. */
  public static ClipConfig parse(JsonNode root, String where) {
    String type = root.path("model_type").asText("");
    if (!type.equals("clip")) {
      throw new UserException(
          where
              + ": not a CLIPModel config (model_type '"
              + (type.isEmpty() ? "missing" : type)
              + "', expected 'clip')");
    }
    JsonNode t = root.get("text_config");
    JsonNode v = root.get("vision_config");
    if (t == null || !t.isObject() || v == null || !v.isObject()) {
      throw new UserException(
          where + ": a CLIP config needs text_config and vision_config objects");
    }
    try {
      Tower text = tower(t, 512, 2048, 12, 8, where + " text_config");
      Tower vision = tower(v, 768, 3072, 12, 12, where + " vision_config");
      int projection = positive(root, "projection_dim", 512, where);
      return new ClipConfig(
          text,
          vision,
          projection,
          positive(t, "vocab_size", 49408, where + " text_config"),
          positive(t, "max_position_embeddings", 77, where + " text_config"),
          integer(t, "eos_token_id", 49407, where + " text_config"),
          positive(v, "image_size", 224, where + " vision_config"),
          positive(v, "patch_size", 32, where + " vision_config"));
    } catch (IllegalArgumentException e) {
      throw new UserException(where + ": " + e.getMessage());
    }
  }

  private static Tower tower(
      JsonNode n, int hidden, int inter, int layers, int heads, String where) {
    Tower tw =
        new Tower(
            positive(n, "hidden_size", hidden, where),
            positive(n, "intermediate_size", inter, where),
            positive(n, "num_hidden_layers", layers, where),
            positive(n, "num_attention_heads", heads, where),
            n.path("hidden_act").asText("quick_gelu"),
            n.path("layer_norm_eps").asDouble(1e-5));
    if (tw.hidden() % tw.heads() != 0) {
      throw new UserException(
          where + ": hidden_size " + tw.hidden() + " is not divisible by " + tw.heads() + " heads");
    }
    if (!tw.act().equals("quick_gelu") && !tw.act().equals("gelu")) {
      throw new UserException(
          where + ": hidden_act '" + tw.act() + "' is not supported (quick_gelu or gelu)");
    }
    if (!(tw.eps() > 0)) {
      throw new UserException(where + ": layer_norm_eps must be positive, got " + tw.eps());
    }
    return tw;
  }

  private static int positive(JsonNode n, String key, int fallback, String where) {
    int value = integer(n, key, fallback, where);
    if (value <= 0) {
      throw new UserException(where + ": " + key + " must be positive, got " + value);
    }
    return value;
  }

  private static int integer(JsonNode n, String key, int fallback, String where) {
    JsonNode x = n.get(key);
    if (x == null || x.isNull()) {
      return fallback;
    }
    if (!x.canConvertToInt() || !x.isIntegralNumber()) {
      throw new UserException(where + ": " + key + " must be an integer, got " + x);
    }
    return x.asInt();
  }

  private static String firstLine(Exception e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
