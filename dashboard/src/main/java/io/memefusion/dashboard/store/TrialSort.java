package io.memefusion.dashboard.store;

import io.memefusion.eval.Metric;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the trials table is ordered: a column chosen from {@link Column} (the only dynamic SQL of the
 * dashboard is the ORDER BY it yields) or a hyperparameter, whose key is a bound parameter. Written
 * in URLs as {@code sort=test_auroc&dir=desc} or {@code sort=hp.learning_rate}.
 */
public record TrialSort(Column column, String hyperparam, boolean descending) {
  public static final TrialSort DEFAULT = new TrialSort(Column.ORDINAL, null, false);
  private static final String HP_PREFIX = "hp.";

  /**
   * The sortable columns and their SQL expressions over {@code trial t}, {@code dm}, {@code tm}.
   */
  public enum Column {
    ORDINAL("t.ordinal"),
    MODEL("t.model"),
    SEED("t.seed"),
    STATUS("t.status"),
    BEST_EPOCH("t.best_epoch"),
    DEV_ACCURACY("dm.accuracy"),
    DEV_PRECISION("dm.precision"),
    DEV_RECALL("dm.recall"),
    DEV_F1("dm.f1"),
    DEV_AUROC("dm.auroc"),
    TEST_ACCURACY("tm.accuracy"),
    TEST_PRECISION("tm.precision"),
    TEST_RECALL("tm.recall"),
    TEST_F1("tm.f1"),
    TEST_AUROC("tm.auroc"),
    /** Numbers numerically, other JSON values as text; key bound as {@code :hp}. */
    HYPERPARAM(
        "CASE WHEN jsonb_typeof(t.hyperparams -> :hp) = 'number'"
            + " THEN (t.hyperparams ->> :hp)::double precision END");

    private final String sql;

    Column(String sql) {
      this.sql = sql;
    }

    public String param() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The metric column of a split ("dev" or "test"). */
    public static Column of(String splitRole, Metric metric) {
      return valueOf(
          splitRole.toUpperCase(Locale.ROOT) + "_" + metric.name().toUpperCase(Locale.ROOT));
    }
  }

  public TrialSort {
    Objects.requireNonNull(column, "sort column");
    if ((column == Column.HYPERPARAM) != (hyperparam != null)) {
      throw new IllegalArgumentException(
          "a hyperparameter key goes with HYPERPARAM sorting only, got " + column);
    }
  }

  /**
   * Reads the URL form; an unknown column or a hyperparameter the sweep does not have falls back to
   * the default order rather than failing the page.
   */
  public static TrialSort parse(String sort, String dir, Set<String> hyperparamKeys) {
    boolean desc = "desc".equalsIgnoreCase(dir);
    if (sort == null || sort.isBlank()) {
      return DEFAULT;
    }
    if (sort.startsWith(HP_PREFIX)) {
      String key = sort.substring(HP_PREFIX.length());
      return hyperparamKeys.contains(key) ? new TrialSort(Column.HYPERPARAM, key, desc) : DEFAULT;
    }
    for (Column c : Column.values()) {
      if (c != Column.HYPERPARAM && c.param().equals(sort)) {
        return new TrialSort(c, null, desc);
      }
    }
    return DEFAULT;
  }

  /** The {@code sort} URL parameter. */
  public String param() {
    return column == Column.HYPERPARAM ? HP_PREFIX + hyperparam : column.param();
  }

  public String dir() {
    return descending ? "desc" : "asc";
  }

  public boolean sortsBy(String param) {
    return param().equals(param);
  }

  /** The ORDER BY list: built only from enum constants; trials without a value go last. */
  String orderBy() {
    String direction = descending ? " DESC NULLS LAST" : " ASC NULLS LAST";
    StringBuilder sql = new StringBuilder(column.sql).append(direction);
    if (column == Column.HYPERPARAM) {
      sql.append(", t.hyperparams ->> :hp").append(direction);
    }
    return sql.append(", t.ordinal").toString();
  }
}
