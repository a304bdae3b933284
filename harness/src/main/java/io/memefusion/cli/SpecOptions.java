package io.memefusion.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.features.TextRecipe;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What a new sweep trains: a spec file ({@code --spec}, JSON or YAML) with flags on top, or the
 * default study (the four models × a small grid × 5 seeds).
 */
public final class SpecOptions {
  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description =
          "Sweep spec, JSON or YAML (keys: name, models, search, samples, search_seed, params,"
              + " seeds, holdout_fraction, split_seed, holdout_test, same_memes, precision,"
              + " text_recipes).")
  Path spec;

  @Option(names = "--name", paramLabel = "NAME", description = "Name of the sweep.")
  String name;

  @Option(
      names = "--models",
      paramLabel = "LIST",
      split = ",",
      description =
          "Models, e.g. text,early_fusion,align_fusion; all: every head (default: the lab's four:"
              + " text, image, early_fusion, late_fusion; also align_fusion, bilinear_fusion,"
              + " gated_fusion).")
  List<String> models;

  @Option(
      names = "--seeds",
      paramLabel = "N|LIST",
      description = "Number of seeds (0..N-1) or a list, e.g. 1,2,3 (default: 5).")
  String seeds;

  @Option(
      names = "--param",
      paramLabel = "KEY=VALUES",
      description = {
        "Hyperparameter values, repeatable: hidden=128,256  lr=0.001,0.0003  dropout=0.2",
        "random search also takes ranges: lr=log:1e-4..1e-2  hidden=64..512.",
        "Keys: hidden, lr, dropout, weight_decay, batch_size, epochs, pos_weight, patience."
      })
  List<String> params = new ArrayList<>();

  @Option(
      names = "--random",
      paramLabel = "N",
      description = "Random search: N configurations sampled from --param values and ranges.")
  Integer random;

  @Option(
      names = "--search-seed",
      paramLabel = "SEED",
      description = "Seed of the random search (default: 0).")
  Long searchSeed;

  @Option(
      names = "--holdout-test",
      paramLabel = "FRACTION",
      description =
          "Carve a stratified labeled test of this share from train instead of the test split"
              + " (e.g. 0.1 when the test split is unlabeled).")
  Double holdoutTest;

  @Option(
      names = "--all-memes",
      description =
          "Let text-only models keep memes without an image (default: every model is compared on"
              + " the same memes).")
  boolean allMemes;

  @Option(
      names = "--precision",
      paramLabel = "fp32|bf16",
      description =
          "Heads' first-layer training matmuls: fp32 (default) or bf16, mixed precision that is"
              + " about 1.4x faster on CPUs with bf16 units (AVX512-BF16, AMX).")
  String precision;

  /** The spec file (or the defaults) with the flags applied, validated. */
  public SweepSpec spec(String defaultName) {
    return spec(defaultName, null);
  }

  /**
   * The spec file (or the defaults) with the flags applied, validated; {@code recipes}: the text
   * recipes of {@code --text-pooling}/{@code --text-layers}, null when neither is given. A sweep
   * comparing recipes and named by nobody is "{@code defaultName} text recipes".
   */
  public SweepSpec spec(String defaultName, List<TextRecipe> recipes) {
    ObjectNode tree =
        spec != null ? SpecParser.readTree(spec) : JsonNodeFactory.instance.objectNode();
    String source = spec != null ? spec.getFileName() + " with flags" : "flags";
    boolean named = name != null || tree.has("name");
    if (name != null) {
      tree.put("name", name);
    } else if (!tree.has("name")) {
      tree.put("name", defaultName);
    }
    if (recipes != null) {
      tree.putArray("text_recipes")
          .addAll(recipes.stream().map(r -> JsonNodeFactory.instance.textNode(r.id())).toList());
    }
    if (models != null) {
      tree.putArray("models")
          .addAll(models.stream().map(JsonNodeFactory.instance::textNode).toList());
    }
    if (seeds != null) {
      try {
        if (seeds.contains(",")) {
          var list = tree.putArray("seeds");
          for (String s : seeds.split(",", -1)) {
            list.add(Integer.parseInt(s.trim()));
          }
        } else {
          tree.put("seeds", Integer.parseInt(seeds.trim()));
        }
      } catch (NumberFormatException e) {
        throw new UserException(
            "--seeds expects a count or a list of integers, got '" + seeds + "'");
      }
    }
    for (String p : params) {
      SpecParser.applyParam(tree, p);
    }
    if (random != null) {
      tree.put("search", "random").put("samples", random);
    }
    if (searchSeed != null) {
      tree.put("search_seed", searchSeed);
    }
    if (holdoutTest != null) {
      tree.put("holdout_test", holdoutTest);
    }
    if (allMemes) {
      tree.put("same_memes", false);
    }
    if (precision != null) {
      tree.put("precision", precision);
    }
    SweepSpec parsed = SpecParser.parse(tree, source);
    return named || parsed.textRecipes().size() == 1
        ? parsed
        : parsed.withName(defaultName + " text recipes");
  }
}
