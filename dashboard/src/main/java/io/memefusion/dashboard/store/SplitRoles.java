package io.memefusion.dashboard.store;

import io.memefusion.db.DatasetDao;
import io.memefusion.sweep.StoredSweep;
import io.memefusion.sweep.SweepContext;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Which stored split names are a sweep's dev split and test split (either may be null). Taken from
 * the sweep's context as the sweep recorded it ({@code splits.dev}, {@code splits.test}); for a
 * sweep without one, from the roles of its dataset rows, else from split names that start with
 * "dev" / "test".
 */
public record SplitRoles(String dev, String test) {

  /** The roles of sweep {@code sweepId}'s splits, read on {@code h}. */
  public static SplitRoles of(Handle h, long sweepId) {
    return of(
        StoredSweep.find(h, sweepId).map(StoredSweep::context).orElse(null),
        h.attach(DatasetDao.class).splitsOfSweep(sweepId),
        h.attach(DashboardDao.class).metricSplits(sweepId));
  }

  public static SplitRoles of(
      SweepContext context, List<DatasetDao.SplitRow> datasetSplits, List<String> metricSplits) {
    String dev = context == null ? null : named(context.devSplit());
    String test = context == null ? null : named(context.testSplit());
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

  private static String named(String split) {
    return split == null || split.isBlank() ? null : split;
  }

  private static String byRole(List<DatasetDao.SplitRow> splits, String role) {
    return splits.stream()
        .filter(s -> s.role().equals(role))
        .map(DatasetDao.SplitRow::split)
        .findFirst()
        .orElse(null);
  }

  private static String byPrefix(List<String> names, String prefix) {
    return names.stream().filter(n -> n.startsWith(prefix)).findFirst().orElse(null);
  }
}
