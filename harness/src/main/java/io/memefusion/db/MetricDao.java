package io.memefusion.db;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Final metrics of each trial's chosen checkpoint, per split and threshold rule. */
@RegisterConstructorMapper(MetricRow.class)
@RegisterConstructorMapper(TrialMetricView.class)
public interface MetricDao {

  @SqlBatch(
      "INSERT INTO trial_metric (trial_id, split, threshold_rule, threshold, n, accuracy,"
          + " precision, recall, f1, auroc) VALUES (:m.trialId, :m.split, :m.thresholdRule,"
          + " :m.threshold, :m.n, :m.accuracy, :m.precision, :m.recall, :m.f1, :m.auroc)")
  void insert(@BindMethods("m") List<MetricRow> rows);

  @SqlQuery("SELECT * FROM trial_metric WHERE trial_id = :trialId ORDER BY split, threshold_rule")
  List<MetricRow> ofTrial(@Bind("trialId") long trialId);

  /** Metrics of every done trial of a sweep with the trial's model, configuration and seed. */
  @SqlQuery(
      "SELECT t.id AS trial_id, t.ordinal, t.model, t.config_key, t.hyperparams, t.seed,"
          + " m.split, m.threshold_rule, m.threshold, m.n, m.accuracy, m.precision, m.recall,"
          + " m.f1, m.auroc"
          + " FROM trial t JOIN trial_metric m ON m.trial_id = t.id"
          + " WHERE t.sweep_id = :sweepId AND t.status = 'done'"
          + " ORDER BY t.id, m.split, m.threshold_rule")
  List<TrialMetricView> ofSweep(@Bind("sweepId") long sweepId);
}
