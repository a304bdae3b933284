package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.memefusion.UserException;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The typed values of a sweep spec's keys, each error naming the source, the key and the value. */
final class SpecValues {
  private static final int DEFAULT_SEEDS = 5;

  private SpecValues() {}

  /**
   * {@code text_recipes}: a list of {@code POOLING/LAYERS} ids (or one text, comma-separated);
   * absent: the lab's {@code cls/last} alone.
   */
  static List<TextRecipe> textRecipes(JsonNode node, String source) {
    if (node == null) {
      return List.of(TextRecipe.DEFAULT);
    }
    List<JsonNode> items = items(node, source + ": text_recipes");
    if (items.isEmpty()) {
      throw new UserException(source + ": text_recipes needs at least one recipe, e.g. [cls/last]");
    }
    List<TextRecipe> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String where = source + ": text_recipes[" + i + "]: ";
      JsonNode item = items.get(i);
      if (!item.isTextual()) {
        throw new UserException(where + "expected POOLING/LAYERS, e.g. mean/last, got " + item);
      }
      TextRecipe r;
      try {
        r = TextRecipe.parse(item.asText().trim());
      } catch (UserException e) {
        throw new UserException(where + e.getMessage());
      }
      if (out.contains(r)) {
        throw new UserException(where + r.id() + " is listed twice");
      }
      out.add(r);
    }
    return out;
  }

  /** A list's items, or a comma-separated text's parts. */
  private static List<JsonNode> items(JsonNode node, String where) {
    List<JsonNode> items = new ArrayList<>();
    if (node.isTextual()) {
      for (String s : node.asText().split(",", -1)) {
        items.add(TextNode.valueOf(s.trim()));
      }
    } else if (node.isArray()) {
      node.forEach(items::add);
    } else {
      throw new UserException(where + " must be a list, got " + node);
    }
    return items;
  }

  static List<HeadKind> models(JsonNode node, String source) {
    if (node == null) {
      return HeadKind.lab();
    }
    if (node.isTextual() && node.asText().trim().equals("all")
        || node.isArray() && node.size() == 1 && node.get(0).asText().trim().equals("all")) {
      return List.of(HeadKind.values());
    }
    List<JsonNode> items = items(node, source + ": models");
    List<HeadKind> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      try {
        if (!item.isTextual()) {
          throw new IllegalArgumentException("expected a model name, got " + item);
        }
        out.add(HeadKind.fromDbName(item.asText()));
      } catch (IllegalArgumentException e) {
        throw new UserException(source + ": models[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  static SweepSpec.Search search(JsonNode node, String source) {
    if (node == null) {
      return SweepSpec.Search.GRID;
    }
    for (SweepSpec.Search s : SweepSpec.Search.values()) {
      if (node.isTextual() && s.key().equals(node.asText().trim().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new UserException(source + ": search must be grid or random, got " + node);
  }

  static List<Integer> seeds(JsonNode node, String source) {
    List<Integer> out = new ArrayList<>();
    if (node == null || node.isIntegralNumber()) {
      int n = node == null ? DEFAULT_SEEDS : node.asInt();
      if (n < 1 || (node != null && !node.canConvertToInt())) {
        throw new UserException(source + ": seeds must be a count >= 1 or a list, got " + node);
      }
      for (int i = 0; i < n; i++) {
        out.add(i);
      }
      return out;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new UserException(source + ": seeds must be a count >= 1 or a list, got " + node);
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode s = node.get(i);
      if (!s.isIntegralNumber() || !s.canConvertToInt()) {
        throw new UserException(source + ": seeds[" + i + "]: expected an integer, got " + s);
      }
      if (out.contains(s.asInt())) {
        throw new UserException(source + ": seeds[" + i + "]: " + s + " is listed twice");
      }
      out.add(s.asInt());
    }
    return out;
  }

  static String text(JsonNode tree, String key, String def, String source) {
    JsonNode v = tree.get(key);
    if (v == null) {
      return def;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new UserException(source + ": " + key + " must be a non-empty text, got " + v);
    }
    return v.asText().trim();
  }

  static long integer(JsonNode tree, String key, long def, String source) {
    JsonNode v = tree.get(key);
    if (v == null) {
      return def;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new UserException(source + ": " + key + " must be an integer, got " + v);
    }
    return v.asLong();
  }

  static double number(JsonNode tree, String key, double def, String source) {
    JsonNode v = tree.get(key);
    if (v == null) {
      return def;
    }
    if (!v.isNumber()) {
      throw new UserException(source + ": " + key + " must be a number, got " + v);
    }
    return v.asDouble();
  }

  static boolean bool(JsonNode tree, String key, boolean def, String source) {
    JsonNode v = tree.get(key);
    if (v == null) {
      return def;
    }
    if (!v.isBoolean()) {
      throw new UserException(source + ": " + key + " must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
