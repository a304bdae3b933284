package io.memefusion.dashboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The fixed read-only queries of the dashboard (the tables themselves come from the harness's
 * {@code SweepResultsQuery}). The one dynamic query is {@link TrialsQuery}.
 */
@RegisterConstructorMapper(SweepSummary.class)
@RegisterConstructorMapper(TrialDetail.class)
@RegisterConstructorMapper(EpochRow.class)
@RegisterConstructorMapper(MetricRow.class)
@RegisterConstructorMapper(PredictionRow.class)
@RegisterConstructorMapper(DatasetSplitRow.class)
@RegisterConstructorMapper(HyperparamSpread.class)
@RegisterConstructorMapper(SeedEpochRow.class)
public interface DashboardDao {
  String SUMMARY =
      "SELECT s.id, s.name, s.note, s.status,"
          + " coalesce(d.name, s.context -> 'dataset' ->> 'name') AS dataset_name,"
          + " s.created_at, s.started_at,"
          + " s.finished_at,"
          + " count(t.id) FILTER (WHERE t.status = 'done') AS done,"
          + " count(t.id) FILTER (WHERE t.status = 'running') AS running,"
          + " count(t.id) FILTER (WHERE t.status = 'failed') AS failed,"
          + " count(t.id) FILTER (WHERE t.status = 'queued') AS queued"
          + " FROM sweep s LEFT JOIN dataset d ON d.id = s.dataset_id"
          + " LEFT JOIN trial t ON t.sweep_id = s.id";

  /** Every sweep, newest first. */
  @SqlQuery(SUMMARY + " GROUP BY s.id, d.name ORDER BY s.created_at DESC, s.id DESC")
  List<SweepSummary> sweeps();

  @SqlQuery(SUMMARY + " WHERE s.id = :id GROUP BY s.id, d.name")
  Optional<SweepSummary> sweep(@Bind("id") long sweepId);

  /** The sweep's context ({@code SweepContext} as JSON): its dev and test split, dataset root. */
  @SqlQuery("SELECT context FROM sweep WHERE id = :id")
  Optional<JsonNode> context(@Bind("id") long sweepId);

  @SqlQuery(
      "SELECT id, sweep_id, ordinal, model, config_key, hyperparams, seed, status, worker,"
          + " attempts, claimed_at, finished_at, best_epoch, error, timings"
          + " FROM trial WHERE id = :id")
  Optional<TrialDetail> trial(@Bind("id") long trialId);

  @SqlQuery(
      "SELECT epoch, train_loss, dev_loss, dev_auroc FROM epoch_metric"
          + " WHERE trial_id = :trial ORDER BY epoch")
  List<EpochRow> epochs(@Bind("trial") long trialId);

  @SqlQuery(
      "SELECT split, threshold_rule, threshold, n, accuracy, precision, recall, f1, auroc"
          + " FROM trial_metric WHERE trial_id = :trial ORDER BY split, threshold_rule")
  List<MetricRow> metrics(@Bind("trial") long trialId);

  @SqlQuery(
      "SELECT meme_id, label, proba FROM prediction"
          + " WHERE trial_id = :trial AND split = :split ORDER BY meme_id")
  List<PredictionRow> predictions(@Bind("trial") long trialId, @Bind("split") String split);

  /** The labeled predictions furthest from their label, worst first. */
  @SqlQuery(
      "SELECT meme_id, label, proba FROM prediction"
          + " WHERE trial_id = :trial AND split = :split AND label IS NOT NULL"
          + " ORDER BY abs(label - proba) DESC, meme_id LIMIT :limit")
  List<PredictionRow> mostWrong(
      @Bind("trial") long trialId, @Bind("split") String split, @Bind("limit") int limit);

  /** Splits with predictions of a trial. */
  @SqlQuery("SELECT DISTINCT split FROM prediction WHERE trial_id = :trial ORDER BY split")
  List<String> predictionSplits(@Bind("trial") long trialId);

  @SqlQuery(
      "SELECT d.root, ds.split, ds.role, ds.file_name, ds.rows, ds.labeled"
          + " FROM sweep s JOIN dataset d ON d.id = s.dataset_id"
          + " JOIN dataset_split ds ON ds.dataset_id = d.id WHERE s.id = :sweep ORDER BY ds.split")
  List<DatasetSplitRow> datasetSplits(@Bind("sweep") long sweepId);

  /** Split names that have metrics in this sweep: the fallback when the dataset is unknown. */
  @SqlQuery(
      "SELECT DISTINCT m.split FROM trial_metric m JOIN trial t ON t.id = m.trial_id"
          + " WHERE t.sweep_id = :sweep ORDER BY m.split")
  List<String> metricSplits(@Bind("sweep") long sweepId);

  @SqlQuery("SELECT DISTINCT model FROM trial WHERE sweep_id = :sweep")
  List<String> models(@Bind("sweep") long sweepId);

  /** Each hyperparameter of the sweep with how many values it takes and one of them. */
  @SqlQuery(
      "SELECT h.key, count(DISTINCT h.value) AS distinct_values, min(h.value::text) AS sample"
          + " FROM trial t, jsonb_each(t.hyperparams) h WHERE t.sweep_id = :sweep"
          + " GROUP BY h.key ORDER BY h.key")
  List<HyperparamSpread> hyperparams(@Bind("sweep") long sweepId);

  /** Every epoch of the trials of one configuration, by seed then epoch. */
  @SqlQuery(
      "SELECT t.id AS trial_id, t.seed, t.status, t.best_epoch, e.epoch, e.train_loss,"
          + " e.dev_loss, e.dev_auroc FROM trial t JOIN epoch_metric e ON e.trial_id = t.id"
          + " WHERE t.sweep_id = :sweep AND t.model = :model AND t.config_key = :config"
          + " ORDER BY t.seed, t.id, e.epoch")
  List<SeedEpochRow> configurationEpochs(
      @Bind("sweep") long sweepId, @Bind("model") String model, @Bind("config") String configKey);

  /** True when some trial of the sweep stored a prediction for this meme. */
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM prediction p JOIN trial t ON t.id = p.trial_id"
          + " WHERE t.sweep_id = :sweep AND p.meme_id = :meme)")
  boolean predicted(@Bind("sweep") long sweepId, @Bind("meme") String memeId);

  /** The sweep's spec as stored (what was searched: models, grid, seeds). */
  @SqlQuery("SELECT spec FROM sweep WHERE id = :id")
  Optional<JsonNode> spec(@Bind("id") long sweepId);
}
