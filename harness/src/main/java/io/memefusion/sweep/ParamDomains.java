package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A spec's {@code params}: each hyperparameter's values (a list, or a range for random search),
 * from the spec tree or from {@code --param} flags.
 */
final class ParamDomains {
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

  static Map<Param, Domain> params(JsonNode node, SweepSpec.Search search, String source) {
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
    for (Map.Entry<String, JsonNode> e : node.properties()) {
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

  private ParamDomains() {}

  /**
   * Applies one {@code --param} flag to a spec tree: {@code key=v1,v2,...} (a list), {@code
   * key=min..max} or {@code key=log:min..max} (a range for random search).
   */
  static void applyParam(ObjectNode tree, String assignment) {
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
}
