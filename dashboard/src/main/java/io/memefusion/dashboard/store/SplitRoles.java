package io.memefusion.dashboard.store;

import java.util.List;

/**
 * Which stored split names are a sweep's dev split and test split (either may be null). Taken from
 * the roles of the sweep's dataset; for a sweep without a dataset row, from split names that start
 * with "dev" / "test".
 */
public record SplitRoles(String dev, String test) {

  public static SplitRoles of(List<DatasetSplitRow> datasetSplits, List<String> metricSplits) {
    String dev = byRole(datasetSplits, "dev");
    String test = byRole(datasetSplits, "test");
    if (dev == null) {
      dev = byPrefix(metricSplits, "dev");
    }
    if (test == null) {
      test = byPrefix(metricSplits, "test");
    }
    return new SplitRoles(dev, test);
  }

  /** The split names in table order: dev first, then test. */
  public List<String> names() {
    if (dev == null) {
      return test == null ? List.of() : List.of(test);
    }
    return test == null ? List.of(dev) : List.of(dev, test);
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
