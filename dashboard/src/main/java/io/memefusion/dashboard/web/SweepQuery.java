package io.memefusion.dashboard.web;

import io.memefusion.dashboard.store.TrialSort;
import io.memefusion.eval.ThresholdRule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The state of a sweep page that lives in its URL (threshold rule, trials order, model filter,
 * page), so that every htmx control is also a plain link and a reload shows the same view.
 */
public record SweepQuery(long sweepId, ThresholdRule rule, TrialSort sort, String model, int page) {
  public SweepQuery {
    Objects.requireNonNull(rule, "threshold rule");
    Objects.requireNonNull(sort, "trial sort");
    if (page < 1) {
      throw new IllegalArgumentException("page must be >= 1, got " + page);
    }
  }

  public SweepQuery withRule(ThresholdRule r) {
    return new SweepQuery(sweepId, r, sort, model, page);
  }

  /**
   * Sorting by a column: a second click on the sorted column flips the direction; a new column
   * starts with the best first (metrics high to low, everything else ascending).
   */
  public SweepQuery withSort(TrialSort s) {
    TrialSort next =
        sort.param().equals(s.param())
            ? new TrialSort(s.column(), s.hyperparam(), !sort.descending())
            : s;
    return new SweepQuery(sweepId, rule, next, model, 1);
  }

  public SweepQuery withModel(String m) {
    return new SweepQuery(sweepId, rule, sort, m, 1);
  }

  public SweepQuery withPage(int p) {
    return new SweepQuery(sweepId, rule, sort, model, p);
  }

  /** The full page. */
  public String href() {
    return "/sweeps/" + sweepId + query();
  }

  /** The fragment below the title (status, tables, charts, trials): polled while running. */
  public String liveHref() {
    return "/sweeps/" + sweepId + "/live" + query();
  }

  /** The trials table fragment. */
  public String trialsHref() {
    return "/sweeps/" + sweepId + "/trials" + query();
  }

  public String exportHref(String extension) {
    return "/sweeps/" + sweepId + "/export/" + extension;
  }

  private String query() {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.add("rule=" + enc(rule.dbName()));
    if (!sort.equals(TrialSort.DEFAULT)) {
      q.add("sort=" + enc(sort.param())).add("dir=" + sort.dir());
    }
    if (model != null) {
      q.add("model=" + enc(model));
    }
    if (page > 1) {
      q.add("page=" + page);
    }
    return q.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
