package io.memefusion.features.convert.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.features.convert.SafeTensors;
import io.memefusion.features.text.ClipTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Converts a Hugging Face {@code CLIPModel} checkpoint (safetensors + config.json, optionally
 * tokenizer.json) into two SavedModels:
 *
 * <ul>
 *   <li>image: {@code pixel_values} float [-1, S, S, 3] (NHWC, CLIP-normalised) to {@code
 *       image_embeds} [-1, P];
 *   <li>text: {@code input_ids} int32 [-1, -1] (at most {@code max_position_embeddings} long) to
 *       {@code text_embeds} [-1, P], with the tokenizer in {@code assets/tokenizer.json} and the
 *       text settings in {@code assets/clip.json}.
 * </ul>
 */
public final class ClipConverter {
  /** Signature names. */
  public static final String PIXELS = "pixel_values";

  public static final String IMAGE_EMBEDS = "image_embeds";
  public static final String INPUT_IDS = "input_ids";
  public static final String TEXT_EMBEDS = "text_embeds";

  /** Text settings file of a converted text tower, under {@code assets/}. */
  public static final String TEXT_SETTINGS = "clip.json";

  public static final String TOKENIZER = "tokenizer.json";

  private ClipConverter() {}

  /** Exports the image tower of {@code weights} to {@code dir}. */
  public static void exportImage(Path weights, ClipConfig config, Path dir) {
    try (SafeTensors st = SafeTensors.open(weights);
        Graph g = new Graph()) {
      ClipGraph clip = new ClipGraph(config, st, g);
      Ops tf = clip.ops();
      long s = config.imageSize();
      Placeholder<TFloat32> pixels =
          tf.withName(PIXELS).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 3)));
      Operand<TFloat32> out = tf.withName(IMAGE_EMBEDS).identity(clip.vision(pixels));
      export(clip, dir, Signature.builder().input(PIXELS, pixels).output(IMAGE_EMBEDS, out));
    }
  }

  /**
   * Exports the text tower of {@code weights} to {@code dir}, with {@code tokenizer} (checked
   * against the vocabulary size first).
   */
  public static void exportText(Path weights, ClipConfig config, Path tokenizer, Path dir) {
    ClipTokenizer.check(tokenizer, config.vocabSize(), config.maxPositions());
    try (SafeTensors st = SafeTensors.open(weights);
        Graph g = new Graph()) {
      ClipGraph clip = new ClipGraph(config, st, g);
      Ops tf = clip.ops();
      Placeholder<TInt32> ids =
          tf.withName(INPUT_IDS).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      Operand<TFloat32> out = tf.withName(TEXT_EMBEDS).identity(clip.text(ids));
      export(clip, dir, Signature.builder().input(INPUT_IDS, ids).output(TEXT_EMBEDS, out));
    }
    try {
      Path assets = Files.createDirectories(dir.resolve("assets"));
      Files.copy(tokenizer, assets.resolve(TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
      ObjectNode settings = new ObjectMapper().createObjectNode();
      settings.put("max_length", config.maxPositions());
      settings.put("vocab_size", config.vocabSize());
      settings.put("eos_token_id", config.eosTokenId());
      settings.put("eot", config.eotByArgmax() ? "argmax_id" : "first_eos_token_id");
      settings.put("hidden_size", config.text().hidden());
      settings.put("intermediate_size", config.text().intermediate());
      settings.put("num_hidden_layers", config.text().layers());
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(assets.resolve(TEXT_SETTINGS).toFile(), settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tokenizer into " + dir, e);
    }
  }

  private static void export(ClipGraph clip, Path dir, Signature.Builder signature) {
    try (Session session = new Session(clip.graph())) {
      clip.load(session);
      Files.createDirectories(dir);
      SavedModelBundle.exporter(dir.toString())
          .withSession(session)
          .withSignature(signature.key(Signature.DEFAULT_KEY).build())
          .export();
    } catch (IOException e) {
      throw new UserException("cannot write the SavedModel " + dir + ": " + e.getMessage(), e);
    }
  }
}
