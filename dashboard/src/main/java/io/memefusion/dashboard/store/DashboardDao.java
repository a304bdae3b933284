package io.memefusion.dashboard.store;

import io.memefusion.sweep.StoredSweep;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The dashboard's own read-only views (sweep summaries, hyperparameter spreads, a configuration's
 * epochs). Trials, metrics, predictions, epochs, datasets and the sweep's typed spec and context
 * come from the harness's DAOs in {@code io.memefusion.db} ({@code TrialDao}, {@code MetricDao},
 * {@code PredictionDao}, {@code EpochDao}, {@code DatasetDao}, {@code StoredSweep}) on the same
 * read-only handle; the tables from {@code SweepResultsQuery}. The one dynamic query is {@link
 * TrialsQuery}.
 */
@RegisterConstructorMapper(SweepSummary.class)
@RegisterConstructorMapper(HyperparamSpread.class)
@RegisterConstructorMapper(SeedEpochRow.class)
public interface DashboardDao extends SqlObject {
  String SUMMARY =
      "SELECT s.id, s.name, s.note, s.status,"
          + " d.name AS dataset_name,"
          + " s.created_at, s.started_at,"
          + " s.finished_at,"
          + " count(t.id) FILTER (WHERE t.status = 'done') AS done,"
          + " count(t.id) FILTER (WHERE t.status = 'running') AS running,"
          + " count(t.id) FILTER (WHERE t.status = 'failed') AS failed,"
          + " count(t.id) FILTER (WHERE t.status = 'queued') AS queued"
          + " FROM sweep s LEFT JOIN dataset d ON d.id = s.dataset_id"
          + " LEFT JOIN trial t ON t.sweep_id = s.id";

  /** Every sweep, newest first. */
  default List<SweepSummary> sweeps() {
    return summaries().stream().map(this::named).toList();
  }

  default Optional<SweepSummary> sweep(long sweepId) {
    return summary(sweepId).map(this::named);
  }

  @SqlQuery(SUMMARY + " GROUP BY s.id, d.name ORDER BY s.created_at DESC, s.id DESC")
  List<SweepSummary> summaries();

  @SqlQuery(SUMMARY + " WHERE s.id = :id GROUP BY s.id, d.name")
  Optional<SweepSummary> summary(@Bind("id") long sweepId);

  /** A sweep without a dataset row is named by the dataset its typed context recorded. */
  private SweepSummary named(SweepSummary s) {
    if (s.datasetName() != null) {
      return s;
    }
    return StoredSweep.find(getHandle(), s.id())
        .map(stored -> stored.context().datasetName())
        .filter(name -> !name.isBlank())
        .map(s::withDatasetName)
        .orElse(s);
  }

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
}
