package io.memefusion.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.memefusion.UserException;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link SweepSpec} from a JSON or YAML file, or from a tree built from flags. Every error
 * names the source, the key and the bad value. Keys left out take defaults; without a {@code
 * params} key the default grid is used, with one, the parameters it leaves out take a single
 * default value.
 *
 * <pre>
 * name: lr-study
 * models: [text, image, early_fusion, late_fusion]
 * search: grid                # or: random, with samples: 20 and search_seed: 0
 * params:
 *   hidden: [128, 256]
 *   lr: [0.001, 0.0003]       # random search also takes {min: 0.0001, max: 0.01, log: true}
 * seeds: 5                    # or a list: [0, 1, 2, 3, 4]
 * holdout_fraction: 0.1       # stratified slice of train for the train_holdout threshold
 * split_seed: 0
 * holdout_test: 0             # e.g. 0.1: carve a labeled test from train instead of the test split
 * same_memes: true            # drop memes without an image for every model
 * precision: fp32             # bf16: mixed-precision first layer (faster on CPUs with bf16 units)
 * text_recipes: [cls/last, mean/last4_concat]   # POOLING/LAYERS each; compared in one sweep
 * </pre>
 *
 * <p>{@code text_recipes} (default: {@code [cls/last]}, the lab's) multiplies the trials of the
 * models that use text; image-only models are not multiplied. The values themselves are read by
 * {@link SpecValues} and {@link ParamDomains}.
 */
public final class SpecParser {
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "models",
          "search",
          "samples",
          "search_seed",
          "params",
          "seeds",
          "holdout_fraction",
          "split_seed",
          "holdout_test",
          "same_memes",
          "precision",
          "text_recipes");

  private SpecParser() {}

  /** Reads and validates a spec file ({@code .yaml}/{@code .yml} as YAML, anything else JSON). */
  public static SweepSpec read(Path file) {
    return parse(readTree(file), file.getFileName().toString());
  }

  /** The file's tree, for flags to override before {@link #parse}. */
  public static ObjectNode readTree(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper =
        name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : new ObjectMapper();
    try {
      JsonNode tree = mapper.readTree(Files.readString(file));
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        return mapper.createObjectNode();
      }
      if (!tree.isObject()) {
        throw new UserException(file + ": a sweep spec must be a mapping of keys, got " + tree);
      }
      return (ObjectNode) tree;
    } catch (NoSuchFileException e) {
      throw new UserException("sweep spec not found: " + file);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new UserException(
          file
              + (at != null && at.getLineNr() > 0 ? ": line " + at.getLineNr() : "")
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UserException("cannot read sweep spec " + file + ": " + e.getMessage(), e);
    }
  }

  /** Validates a spec tree; {@code source} names it in error messages (a file name, "flags"). */
  public static SweepSpec parse(JsonNode tree, String source) {
    if (!tree.isObject()) {
      throw new UserException(source + ": a sweep spec must be a mapping of keys");
    }
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new UserException(
            source
                + ": unknown key '"
                + key
                + "' (known: "
                + String.join(", ", SpecValues.sorted(KEYS))
                + ")");
      }
    }
    String name = SpecValues.text(tree, "name", "default", source);
    List<HeadKind> models = SpecValues.models(tree.get("models"), source);
    SweepSpec.Search search = SpecValues.search(tree.get("search"), source);
    int samples =
        (int)
            SpecValues.integer(tree, "samples", search == SweepSpec.Search.RANDOM ? 20 : 0, source);
    if (search == SweepSpec.Search.GRID && tree.has("samples")) {
      throw new UserException(source + ": samples is only for search: random");
    }
    long searchSeed = SpecValues.integer(tree, "search_seed", 0, source);
    Map<Param, Domain> params = ParamDomains.params(tree.get("params"), search, source);
    List<Integer> seeds = SpecValues.seeds(tree.get("seeds"), source);
    double holdoutFraction = SpecValues.number(tree, "holdout_fraction", 0.1, source);
    long splitSeed = SpecValues.integer(tree, "split_seed", 0, source);
    double holdoutTest = SpecValues.number(tree, "holdout_test", 0, source);
    boolean sameMemes = SpecValues.bool(tree, "same_memes", true, source);
    List<TextRecipe> recipes = SpecValues.textRecipes(tree.get("text_recipes"), source);
    Precision precision;
    try {
      precision = Precision.fromKey(SpecValues.text(tree, "precision", "fp32", source));
    } catch (UserException e) {
      throw new UserException(source + ": precision: " + e.getMessage());
    }
    try {
      return new SweepSpec(
          name,
          models,
          search,
          search == SweepSpec.Search.RANDOM ? samples : 0,
          searchSeed,
          params,
          seeds,
          holdoutFraction,
          splitSeed,
          holdoutTest,
          sameMemes,
          precision,
          recipes);
    } catch (UserException e) {
      throw new UserException(source + ": " + e.getMessage());
    }
  }

  /**
   * Applies one {@code --param} flag to a spec tree: {@code key=v1,v2,...} (a list), {@code
   * key=min..max} or {@code key=log:min..max} (a range for random search).
   */
  public static void applyParam(ObjectNode tree, String assignment) {
    ParamDomains.applyParam(tree, assignment);
  }
}
