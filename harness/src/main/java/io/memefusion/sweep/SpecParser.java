package io.memefusion.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.memefusion.UserException;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * </pre>
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
          "precision");

  /** Single values for parameters a spec's {@code params} leaves out. */
  private static final Map<Param, Double> DEFAULT_VALUE =
      Map.of(
          Param.HIDDEN, 256.0,
          Param.LR, 0.001,
          Param.DROPOUT, 0.2,
          Param.WEIGHT_DECAY, 0.0,
          Param.BATCH_SIZE, 128.0,
          Param.EPOCHS, 30.0,
          Param.POS_WEIGHT, 1.0,
          Param.PATIENCE, 5.0);

  /** The default grid: 2 learning rates × 2 dropouts. */
  private static final Map<Param, List<Double>> DEFAULT_GRID =
      Map.of(Param.LR, List.of(0.001, 0.0003), Param.DROPOUT, List.of(0.2, 0.5));

  private static final int DEFAULT_SEEDS = 5;

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
                + String.join(", ", sorted(KEYS))
                + ")");
      }
    }
    String name = text(tree, "name", "default", source);
    List<HeadKind> models = models(tree.get("models"), source);
    SweepSpec.Search search = search(tree.get("search"), source);
    int samples =
        (int) integer(tree, "samples", search == SweepSpec.Search.RANDOM ? 20 : 0, source);
    if (search == SweepSpec.Search.GRID && tree.has("samples")) {
      throw new UserException(source + ": samples is only for search: random");
    }
    long searchSeed = integer(tree, "search_seed", 0, source);
    Map<Param, Domain> params = params(tree.get("params"), search, source);
    List<Integer> seeds = seeds(tree.get("seeds"), source);
    double holdoutFraction = number(tree, "holdout_fraction", 0.1, source);
    long splitSeed = integer(tree, "split_seed", 0, source);
    double holdoutTest = number(tree, "holdout_test", 0, source);
    boolean sameMemes = bool(tree, "same_memes", true, source);
    Precision precision;
    try {
      precision = Precision.fromKey(text(tree, "precision", "fp32", source));
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
          precision);
    } catch (UserException e) {
      throw new UserException(source + ": " + e.getMessage());
    }
  }

  /**
   * Applies one {@code --param} flag to a spec tree: {@code key=v1,v2,...} (a list), {@code
   * key=min..max} or {@code key=log:min..max} (a range for random search).
   */
  public static void applyParam(ObjectNode tree, String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0 || eq == assignment.length() - 1) {
      throw new UserException(
          "--param " + assignment + ": expected KEY=V1,V2 or KEY=MIN..MAX or KEY=log:MIN..MAX");
    }
    String key = assignment.substring(0, eq).trim();
    Param param =
        Param.byKey(key)
            .orElseThrow(
                () ->
                    new UserException(
                        "--param "
                            + assignment
                            + ": unknown key '"
                            + key
                            + "' (known: "
                            + Param.keys()
                            + ")"));
    String value = assignment.substring(eq + 1).trim();
    ObjectNode params =
        tree.has("params") && tree.get("params").isObject()
            ? (ObjectNode) tree.get("params")
            : tree.putObject("params");
    boolean log = value.startsWith("log:");
    String body = log ? value.substring(4) : value;
    try {
      if (body.contains("..")) {
        String[] ends = body.split("\\.\\.", -1);
        if (ends.length != 2) {
          throw new NumberFormatException(body);
        }
        ObjectNode range = params.putObject(param.key());
        range.put("min", Double.parseDouble(ends[0].trim()));
        range.put("max", Double.parseDouble(ends[1].trim()));
        range.put("log", log);
      } else if (log) {
        throw new NumberFormatException(value);
      } else {
        ArrayNode values = params.putArray(param.key());
        for (String v : body.split(",", -1)) {
          values.add(Double.parseDouble(v.trim()));
        }
      }
    } catch (NumberFormatException e) {
      throw new UserException(
          "--param " + assignment + ": '" + value + "' is not a list of numbers or a range");
    }
  }

  private static List<HeadKind> models(JsonNode node, String source) {
    if (node == null) {
      return HeadKind.lab();
    }
    if (node.isTextual() && node.asText().trim().equals("all")
        || node.isArray() && node.size() == 1 && node.get(0).asText().trim().equals("all")) {
      return List.of(HeadKind.values());
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isTextual()) {
      for (String s : node.asText().split(",", -1)) {
        items.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(s.trim()));
      }
    } else if (node.isArray()) {
      node.forEach(items::add);
    } else {
      throw new UserException(source + ": models must be a list, got " + node);
    }
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

  private static SweepSpec.Search search(JsonNode node, String source) {
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

  private static Map<Param, Domain> params(JsonNode node, SweepSpec.Search search, String source) {
    Map<Param, Domain> out = new EnumMap<>(Param.class);
    for (Param p : Param.values()) {
      List<Double> grid = node == null ? DEFAULT_GRID.get(p) : null;
      out.put(p, new Domain.Choice(grid != null ? grid : List.of(DEFAULT_VALUE.get(p))));
    }
    if (node == null) {
      return out;
    }
    if (!node.isObject()) {
      throw new UserException(source + ": params must be a mapping of parameter to values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = source + ": params." + e.getKey();
      Param p =
          Param.byKey(e.getKey())
              .orElseThrow(
                  () ->
                      new UserException(
                          where + ": unknown hyperparameter (known: " + Param.keys() + ")"));
      out.put(p, domain(p, e.getValue(), search, where));
    }
    return out;
  }

  private static Domain domain(Param p, JsonNode v, SweepSpec.Search search, String where) {
    if (v.isNumber()) {
      return new Domain.Choice(List.of(p.check(v.asDouble(), where)));
    }
    if (v.isArray()) {
      if (v.isEmpty()) {
        throw new UserException(where + ": needs at least one value");
      }
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        JsonNode item = v.get(i);
        if (!item.isNumber()) {
          throw new UserException(where + "[" + i + "]: expected a number, got " + item);
        }
        double d = p.check(item.asDouble(), where + "[" + i + "]");
        if (values.contains(d)) {
          throw new UserException(where + "[" + i + "]: " + Param.fmt(d) + " is listed twice");
        }
        values.add(d);
      }
      return new Domain.Choice(values);
    }
    if (v.isObject()) {
      if (search != SweepSpec.Search.RANDOM) {
        throw new UserException(
            where + ": a range needs search: random (grid search takes a list)");
      }
      for (Iterator<String> keys = v.fieldNames(); keys.hasNext(); ) {
        String k = keys.next();
        if (!Set.of("min", "max", "log").contains(k)) {
          throw new UserException(where + ": unknown range key '" + k + "' (known: min, max, log)");
        }
      }
      JsonNode min = v.get("min");
      JsonNode max = v.get("max");
      if (min == null || !min.isNumber() || max == null || !max.isNumber()) {
        throw new UserException(where + ": a range needs numbers min and max, got " + v);
      }
      JsonNode log = v.get("log");
      if (log != null && !log.isBoolean()) {
        throw new UserException(where + ".log: expected true or false, got " + log);
      }
      double lo = p.check(min.asDouble(), where + ".min");
      double hi = p.check(max.asDouble(), where + ".max");
      if (lo > hi) {
        throw new UserException(
            where + ": min " + Param.fmt(lo) + " is larger than max " + Param.fmt(hi));
      }
      boolean isLog = log != null && log.asBoolean();
      if (isLog && !(lo > 0)) {
        throw new UserException(where + ": a log range needs min > 0, got " + Param.fmt(lo));
      }
      return new Domain.Range(lo, hi, isLog);
    }
    throw new UserException(where + ": expected a number, a list or {min, max, log}, got " + v);
  }

  private static List<Integer> seeds(JsonNode node, String source) {
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

  private static String text(JsonNode tree, String key, String def, String source) {
    JsonNode v = tree.get(key);
    if (v == null) {
      return def;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new UserException(source + ": " + key + " must be a non-empty text, got " + v);
    }
    return v.asText().trim();
  }

  private static long integer(JsonNode tree, String key, long def, String source) {
    JsonNode v = tree.get(key);
    if (v == null) {
      return def;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new UserException(source + ": " + key + " must be an integer, got " + v);
    }
    return v.asLong();
  }

  private static double number(JsonNode tree, String key, double def, String source) {
    JsonNode v = tree.get(key);
    if (v == null) {
      return def;
    }
    if (!v.isNumber()) {
      throw new UserException(source + ": " + key + " must be a number, got " + v);
    }
    return v.asDouble();
  }

  private static boolean bool(JsonNode tree, String key, boolean def, String source) {
    JsonNode v = tree.get(key);
    if (v == null) {
      return def;
    }
    if (!v.isBoolean()) {
      throw new UserException(source + ": " + key + " must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
