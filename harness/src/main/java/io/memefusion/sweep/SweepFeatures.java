package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.features.TextRecipe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The features of a sweep: one {@link StudyFeatures} per text recipe of its spec, in the spec's
 * order (the image features are the same in each). A sweep with one recipe has one.
 *
 * @param key identity of all of them, as {@code sweep.context} records it: a sweep with one recipe
 *     keeps its features' key
 * @param description the encoders as recorded in {@code sweep.context.features}; with several
 *     recipes the first one's, its {@code text} listing every recipe under {@code recipes}
 * @param notes the lines every result table shows, each once
 */
public record SweepFeatures(
    List<TextRecipe> recipes,
    List<StudyFeatures> byRecipe,
    String key,
    JsonNode description,
    List<String> notes) {
  public SweepFeatures {
    recipes = List.copyOf(recipes);
    byRecipe = List.copyOf(byRecipe);
    if (recipes.isEmpty() || recipes.size() != byRecipe.size()) {
      throw new IllegalArgumentException(
          "one feature set per text recipe: " + recipes.size() + " recipes, " + byRecipe.size());
    }
    if (new HashSet<>(recipes).size() != recipes.size()) {
      throw new IllegalArgumentException("text recipes listed twice: " + recipes);
    }
    Objects.requireNonNull(key, "features key");
    Objects.requireNonNull(description, "features description");
    notes = List.copyOf(notes);
  }

  /** The features of a sweep with a single text recipe (or none: no text model). */
  public static SweepFeatures of(TextRecipe recipe, StudyFeatures features) {
    return new SweepFeatures(
        List.of(recipe),
        List.of(features),
        features.key(),
        features.description(),
        features.notes());
  }

  /**
   * The features of each recipe, in order (one pass of the text model computes them all); their
   * identity covers every recipe's.
   */
  public static SweepFeatures combine(List<TextRecipe> recipes, List<StudyFeatures> byRecipe) {
    if (byRecipe.size() == 1) {
      return of(recipes.get(0), byRecipe.get(0));
    }
    StringBuilder identity = new StringBuilder();
    LinkedHashSet<String> notes = new LinkedHashSet<>();
    ObjectNode description =
        byRecipe.get(0).description().deepCopy() instanceof ObjectNode o
            ? o
            : JsonNodeFactory.instance.objectNode();
    ObjectNode texts =
        description.get("text") instanceof ObjectNode t ? t : description.putObject("text");
    ArrayNode list = texts.putArray("recipes");
    for (int i = 0; i < byRecipe.size(); i++) {
      StudyFeatures f = byRecipe.get(i);
      identity.append(recipes.get(i).id()).append('=').append(f.key()).append('\n');
      notes.addAll(f.notes());
      ObjectNode r = list.addObject().put("recipe", recipes.get(i).id());
      JsonNode text = f.description().path("text");
      r.put("dim", text.path("dim").asInt());
      r.set("preprocessing", text.path("preprocessing").deepCopy());
    }
    return new SweepFeatures(
        recipes, byRecipe, sha256(identity.toString()), description, List.copyOf(notes));
  }

  /** The first recipe's features: what the sweep's context (rows, dropped memes) is taken from. */
  public StudyFeatures first() {
    return byRecipe.get(0);
  }

  /** The features of {@code recipe}; null: those of the only recipe, or of a sweep without text. */
  public StudyFeatures of(TextRecipe recipe) {
    if (recipe == null) {
      return first();
    }
    int i = recipes.indexOf(recipe);
    if (i < 0) {
      throw new UserException(
          "no text features for recipe "
              + recipe.id()
              + " (these features have "
              + recipes.stream().map(TextRecipe::id).toList()
              + ")");
    }
    return byRecipe.get(i);
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return java.util.HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
