package io.memefusion.dashboard.web;

import io.memefusion.eval.ThresholdRule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The state of a sweep page's configurations table and parallel coordinates, kept in the URL like
 * {@link SweepQuery}'s so that every htmx control is also a plain link: {@code cmodel}, {@code
 * hp.KEY=VALUE} filters, {@code csort}/{@code cdir}, {@code cpage} for the table; {@code pmodel}
 * and {@code top} for the plot.
 *
 * @param sort "dev_auroc", "dev_accuracy", "dev_f1", "n" or "hp.KEY"
 * @param top how many of the best configurations the plot keeps; 0 = all
 */
public record ExploreQuery(
    long sweepId,
    ThresholdRule rule,
    String model,
    Map<String, String> filters,
    String sort,
    boolean descending,
    int page,
    String plotModel,
    int top) {
  public static final String DEFAULT_SORT = "dev_auroc";
  public static final List<Integer> TOPS = List.of(0, 5, 10, 20);

  public ExploreQuery {
    Objects.requireNonNull(rule, "threshold rule");
    Objects.requireNonNull(sort, "sort");
    filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    if (page < 1) {
      throw new IllegalArgumentException("page must be >= 1, got " + page);
    }
  }

  public ExploreQuery withModel(String m) {
    return new ExploreQuery(sweepId, rule, m, filters, sort, descending, 1, plotModel, top);
  }

  /** The table filtered on {@code key} = {@code value}; a null value drops the filter. */
  public ExploreQuery withFilter(String key, String value) {
    Map<String, String> f = new LinkedHashMap<>(filters);
    if (value == null) {
      f.remove(key);
    } else {
      f.put(key, value);
    }
    return new ExploreQuery(sweepId, rule, model, f, sort, descending, 1, plotModel, top);
  }

  /** Sorted by {@code s}: a second click flips the direction; metrics start best first. */
  public ExploreQuery withSort(String s) {
    boolean desc = s.equals(sort) ? !descending : !s.startsWith("hp.");
    return new ExploreQuery(sweepId, rule, model, filters, s, desc, 1, plotModel, top);
  }

  public ExploreQuery withPage(int p) {
    return new ExploreQuery(sweepId, rule, model, filters, sort, descending, p, plotModel, top);
  }

  public ExploreQuery withPlotModel(String m) {
    return new ExploreQuery(sweepId, rule, model, filters, sort, descending, page, m, top);
  }

  public ExploreQuery withTop(int k) {
    return new ExploreQuery(sweepId, rule, model, filters, sort, descending, page, plotModel, k);
  }

  /** The full sweep page showing this state, scrolled to {@code section}. */
  public String href(String section) {
    return "/sweeps/" + sweepId + "?" + params() + "#" + section;
  }

  /** The configurations section alone (htmx). */
  public String configurationsHref() {
    return "/sweeps/" + sweepId + "/configurations?" + params();
  }

  /** The parallel-coordinates section alone (htmx). */
  public String parallelHref() {
    return "/sweeps/" + sweepId + "/parallel?" + params();
  }

  /** This state's parameters after a sweep page's own ones ("&..." or ""). */
  public String suffix() {
    String p = params();
    int rulePart = p.indexOf('&');
    return rulePart < 0 ? "" : p.substring(rulePart);
  }

  private String params() {
    StringJoiner q = new StringJoiner("&");
    q.add("rule=" + enc(rule.dbName()));
    if (model != null) {
      q.add("cmodel=" + enc(model));
    }
    filters.forEach((k, v) -> q.add("hp." + enc(k) + "=" + enc(v)));
    if (!sort.equals(DEFAULT_SORT) || !descending) {
      q.add("csort=" + enc(sort)).add("cdir=" + (descending ? "desc" : "asc"));
    }
    if (page > 1) {
      q.add("cpage=" + page);
    }
    if (plotModel != null) {
      q.add("pmodel=" + enc(plotModel));
    }
    if (top > 0) {
      q.add("top=" + top);
    }
    return q.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
