package io.memefusion.dashboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Which stored split names are a sweep's dev split and test split (either may be null). Taken from
 * the sweep's context as the sweep recorded it ({@code splits.dev}, {@code splits.test}); for a
 * sweep without one, from the roles of its dataset rows, else from split names that start with
 * "dev" / "test".
 */
public record SplitRoles(String dev, String test) {

  public static SplitRoles of(
      JsonNode context, List<DatasetSplitRow> datasetSplits, List<String> metricSplits) {
    JsonNode splits = context == null ? null : context.path("splits");
    String dev = text(splits, "dev");
    String test = text(splits, "test");
    if (dev == null) {
      dev = byRole(datasetSplits, "dev");
    }
    if (test == null) {
      test = byRole(datasetSplits, "test");
    }
    if (dev == null) {
      dev = byPrefix(metricSplits, "dev");
    }
    if (test == null) {
      test = byPrefix(metricSplits, "test");
    }
    return new SplitRoles(dev, test);
  }

  private static String text(JsonNode node, String field) {
    if (node == null || !node.path(field).isTextual() || node.get(field).asText().isBlank()) {
      return null;
    }
    return node.get(field).asText();
  }

  private static String byRole(List<DatasetSplitRow> splits, String role) {
    return splits.stream()
        .filter(s -> s.role().equals(role))
        .map(DatasetSplitRow::split)
        .findFirst()
        .orElse(null);
  }

  private static String byPrefix(List<String> names, String prefix) {
    return names.stream().filter(n -> n.startsWith(prefix)).findFirst().orElse(null);
  }
}
