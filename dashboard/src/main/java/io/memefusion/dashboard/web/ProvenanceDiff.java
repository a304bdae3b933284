package io.memefusion.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.dashboard.store.JsonText;
import io.memefusion.results.Fmt;
import io.memefusion.sweep.StoredSweep;
import io.memefusion.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between two sweeps' typed spec and context, grouped for the compare page. Both are
 * written out by their records ({@code SweepContext.toJson}, {@code SweepSpec.toJson}), so an older
 * sweep's absent fields compare as the defaults it ran with.
 */
final class ProvenanceDiff {
  private ProvenanceDiff() {}

  /** Provenance that differs, grouped: encoders, recipe, grid, data, machine (each listed). */
  static List<CompareView.DiffGroup> of(StoredSweep a, StoredSweep b) {
    Map<String, String> ctxA = flatten(a.context().toJson());
    Map<String, String> ctxB = flatten(b.context().toJson());
    Map<String, String> specA = flatten(spec(a));
    Map<String, String> specB = flatten(spec(b));
    List<CompareView.DiffGroup> groups = new ArrayList<>();
    groups.add(
        group(
            "encoders",
            "text and image models, their weights and preprocessing",
            ctxA,
            ctxB,
            List.of("features", "features_key", "notes")));
    groups.add(
        group(
            "recipe",
            "how the heads were trained and thresholded",
            specA,
            specB,
            List.of(
                "precision",
                "holdout_fraction",
                "split_seed",
                "holdout_test",
                "same_memes",
                "search",
                "samples",
                "search_seed")));
    groups.add(
        group(
            "grid",
            "models, hyperparameter values, seeds",
            specA,
            specB,
            List.of("models", "params", "seeds")));
    groups.add(
        group(
            "data",
            "dataset, splits and their rows",
            ctxA,
            ctxB,
            List.of("dataset", "splits", "rows", "dropped_missing_image", "holdout_test")));
    groups.add(
        group(
            "machine",
            "where each sweep ran: CPU or GPU, TensorFlow build, precision, threads, memefusion",
            ctxA,
            ctxB,
            List.of("host")));
    return groups;
  }

  /** The spec as this version writes it, or as stored when this version cannot read it. */
  private static JsonNode spec(StoredSweep s) {
    return s.spec().<JsonNode>map(SweepSpec::toJson).orElse(s.row().spec());
  }

  private static CompareView.DiffGroup group(
      String name,
      String what,
      Map<String, String> a,
      Map<String, String> b,
      List<String> prefixes) {
    Set<String> keys = new TreeSet<>();
    for (String k : a.keySet()) {
      if (under(k, prefixes)) {
        keys.add(k);
      }
    }
    for (String k : b.keySet()) {
      if (under(k, prefixes)) {
        keys.add(k);
      }
    }
    List<CompareView.Diff> diffs = new ArrayList<>();
    for (String k : keys) {
      String x = a.getOrDefault(k, Fmt.NONE);
      String y = b.getOrDefault(k, Fmt.NONE);
      if (!x.equals(y)) {
        diffs.add(new CompareView.Diff(k, x, y));
      }
    }
    return new CompareView.DiffGroup(name, what, diffs);
  }

  private static boolean under(String key, List<String> prefixes) {
    for (String p : prefixes) {
      if (key.equals(p) || key.startsWith(p + ".") || key.startsWith(p + "[")) {
        return true;
      }
    }
    return false;
  }

  /** "a.b.c" → value text; arrays of scalars stay one value ("[0.001, 0.01]"). */
  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    if (node != null) {
      flatten("", node, out);
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      out));
    } else if (node.isArray()) {
      boolean scalars = true;
      for (JsonNode n : node) {
        scalars &= n.isValueNode();
      }
      if (scalars) {
        List<String> vs = new ArrayList<>();
        node.forEach(n -> vs.add(JsonText.of(n)));
        out.put(prefix, "[" + String.join(", ", vs) + "]");
      } else {
        for (int i = 0; i < node.size(); i++) {
          flatten(prefix + "[" + i + "]", node.get(i), out);
        }
      }
    } else {
      out.put(prefix, JsonText.of(node));
    }
  }
}
