package io.memefusion.dashboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.eval.ThresholdRule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** One page of a sweep's trials, filtered by model and sorted by a {@link TrialSort}. */
public final class TrialsQuery {
  private static final String FROM =
      " FROM trial t"
          + " LEFT JOIN trial_metric dm ON dm.trial_id = t.id AND dm.split = :dev"
          + " AND dm.threshold_rule = :rule"
          + " LEFT JOIN trial_metric tm ON tm.trial_id = t.id AND tm.split = :test"
          + " AND tm.threshold_rule = :rule"
          + " WHERE t.sweep_id = :sweep AND (CAST(:model AS text) IS NULL OR t.model = :model)";
  private static final String SELECT =
      "SELECT t.id, t.ordinal, t.model, t.config_key, t.seed, t.status, t.best_epoch,"
          + " t.hyperparams,"
          + " dm.accuracy AS dev_accuracy, dm.precision AS dev_precision,"
          + " dm.recall AS dev_recall, dm.f1 AS dev_f1, dm.auroc AS dev_auroc,"
          + " tm.accuracy AS test_accuracy, tm.precision AS test_precision,"
          + " tm.recall AS test_recall, tm.f1 AS test_f1, tm.auroc AS test_auroc"
          + FROM
          + " ORDER BY <order> LIMIT :limit OFFSET :offset";
  private static final String SELECT_ALL = SELECT.substring(0, SELECT.indexOf(" ORDER BY"));

  /** The filter and order of a trials table; {@code model} null means all models. */
  public record Filter(long sweepId, SplitRoles roles, ThresholdRule rule, String model) {
    public Filter {
      Objects.requireNonNull(roles, "split roles");
      Objects.requireNonNull(rule, "threshold rule");
    }
  }

  /** Page {@code page} (1-based) of {@code pageSize} rows, and how many rows match in all. */
  public record Page(List<TrialRow> rows, int total, int page, int pageSize) {
    public Page {
      rows = List.copyOf(rows);
    }

    public int pages() {
      return Math.max(1, (total + pageSize - 1) / pageSize);
    }
  }

  private TrialsQuery() {}

  public static Page page(Handle h, Filter f, TrialSort sort, int page, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be >= 1, got " + pageSize);
    }
    int total = bind(h.createQuery("SELECT count(*)" + FROM), f).mapTo(Integer.class).one();
    int pages = Math.max(1, (total + pageSize - 1) / pageSize);
    int current = Math.min(Math.max(1, page), pages);
    Query q =
        bind(h.createQuery(SELECT), f)
            .define("order", sort.orderBy())
            .bind("limit", pageSize)
            .bind("offset", (current - 1) * pageSize);
    if (sort.hyperparam() != null) {
      q.bind("hp", sort.hyperparam());
    }
    List<TrialRow> rows = q.map(TrialsQuery::row).list();
    return new Page(rows, total, current, pageSize);
  }

  /**
   * Every trial that matches {@code f}, in ordinal order: what the configurations table, the
   * parallel coordinates and the hyperparameter effects group by configuration.
   */
  public static List<TrialRow> all(Handle h, Filter f) {
    return bind(h.createQuery(SELECT_ALL + " ORDER BY t.ordinal"), f).map(TrialsQuery::row).list();
  }

  private static Query bind(Query q, Filter f) {
    return q.bind("sweep", f.sweepId())
        .bind("dev", f.roles().dev())
        .bind("test", f.roles().test())
        .bind("rule", f.rule().dbName())
        .bind("model", f.model());
  }

  private static TrialRow row(ResultSet rs, StatementContext ctx) throws SQLException {
    ColumnMapper<JsonNode> json = ctx.findColumnMapperFor(JsonNode.class).orElseThrow();
    int epoch = rs.getInt("best_epoch");
    Integer bestEpoch = rs.wasNull() ? null : epoch;
    return new TrialRow(
        rs.getLong("id"),
        rs.getInt("ordinal"),
        rs.getString("model"),
        rs.getString("config_key"),
        rs.getInt("seed"),
        rs.getString("status"),
        bestEpoch,
        json.map(rs, "hyperparams", ctx),
        scores(rs, "dev_"),
        scores(rs, "test_"));
  }

  private static Scores scores(ResultSet rs, String prefix) throws SQLException {
    return new Scores(
        nullable(rs, prefix + "accuracy"),
        nullable(rs, prefix + "precision"),
        nullable(rs, prefix + "recall"),
        nullable(rs, prefix + "f1"),
        nullable(rs, prefix + "auroc"));
  }

  private static Double nullable(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
