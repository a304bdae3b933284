package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Sweeps: create, find, list, and keep {@code sweep.status} in step with its trials. */
@RegisterConstructorMapper(SweepRow.class)
public interface SweepDao {

  @SqlUpdate(
      "INSERT INTO sweep (name, dataset_id, spec, context)"
          + " VALUES (:name, :datasetId, :spec, :context)")
  @GetGeneratedKeys("id")
  long insert(
      @Bind("name") String name,
      @Bind("datasetId") Long datasetId,
      @Bind("spec") JsonNode spec,
      @Bind("context") JsonNode context);

  @SqlQuery("SELECT * FROM sweep WHERE id = :id")
  Optional<SweepRow> find(@Bind("id") long id);

  /** The newest sweep. */
  @SqlQuery("SELECT max(id) FROM sweep")
  Optional<Long> latestId();

  /** Sweeps with a queued trial, oldest first. */
  @SqlQuery("SELECT DISTINCT sweep_id FROM trial WHERE status = 'queued' ORDER BY sweep_id")
  List<Long> withQueuedTrials();

  /** All sweeps, newest first. */
  @SqlQuery("SELECT * FROM sweep ORDER BY id DESC")
  List<SweepRow> list();

  /** Renames a sweep; 0 when there is no such sweep. */
  @SqlUpdate("UPDATE sweep SET name = :name WHERE id = :id")
  int rename(@Bind("id") long id, @Bind("name") String name);

  /** Sets (or, with null, clears) a sweep's note; 0 when there is no such sweep. */
  @SqlUpdate("UPDATE sweep SET note = :note WHERE id = :id")
  int setNote(@Bind("id") long id, @Bind("note") String note);

  @SqlQuery("SELECT note FROM sweep WHERE id = :id")
  Optional<String> note(@Bind("id") long id);

  /** A worker claimed a trial: the sweep is running (no write when it already is). */
  @SqlUpdate(
      "UPDATE sweep SET status = 'running', started_at = COALESCE(started_at, now()),"
          + " finished_at = NULL WHERE id = :id AND status <> 'running'")
  int markRunning(@Bind("id") long id);

  /**
   * Recomputes the status from the trials: queued while none was ever claimed, running while some
   * are open, then done, or failed when some trial failed.
   */
  @SqlUpdate(
      "UPDATE sweep s SET"
          + " status = CASE WHEN t.open > 0 AND t.touched = 0 THEN 'queued'"
          + "   WHEN t.open > 0 THEN 'running'"
          + "   WHEN t.failed > 0 THEN 'failed' ELSE 'done' END,"
          + " finished_at = CASE WHEN t.open > 0 THEN NULL ELSE COALESCE(s.finished_at, now()) END"
          + " FROM (SELECT count(*) FILTER (WHERE status IN ('queued', 'running')) AS open,"
          + "   count(*) FILTER (WHERE status <> 'queued' OR attempts > 0) AS touched,"
          + "   count(*) FILTER (WHERE status = 'failed') AS failed"
          + "   FROM trial WHERE sweep_id = :id) t"
          + " WHERE s.id = :id")
  int refreshStatus(@Bind("id") long id);
}
