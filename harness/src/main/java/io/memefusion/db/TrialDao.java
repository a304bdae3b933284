package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Trials: insert, claim, heartbeat, finish, requeue. Every write by a worker is fenced by {@code
 * (id, attempts, status = 'running')}: once a trial was taken back from a worker thought dead, the
 * old worker's late writes match no row.
 */
@RegisterConstructorMapper(TrialRow.class)
@RegisterConstructorMapper(TrialCounts.class)
@RegisterConstructorMapper(FailureCause.class)
public interface TrialDao {

  @SqlBatch(
      "INSERT INTO trial (sweep_id, ordinal, model, config_key, hyperparams, seed)"
          + " VALUES (:sweepId, :t.ordinal, :t.model, :t.configKey, :t.hyperparams, :t.seed)")
  void insert(@Bind("sweepId") long sweepId, @BindMethods("t") List<NewTrial> trials);

  /**
   * Claims up to {@code limit} queued trials in ordinal order. {@code SKIP LOCKED} lets concurrent
   * workers (threads, processes, machines) each take different rows without waiting.
   */
  @SqlQuery(
      "UPDATE trial t SET status = 'running', worker = :worker, worker_host = :host,"
          + " worker_pid = :pid, worker_started = :started, attempts = t.attempts + 1,"
          + " claimed_at = now(), heartbeat_at = now(), finished_at = NULL, error = NULL"
          + " FROM (SELECT id FROM trial WHERE sweep_id = :sweepId AND status = 'queued'"
          + "   ORDER BY ordinal LIMIT :limit FOR UPDATE SKIP LOCKED) c"
          + " WHERE t.id = c.id RETURNING t.*")
  List<TrialRow> claim(
      @Bind("sweepId") long sweepId,
      @Bind("worker") String worker,
      @Bind("host") String host,
      @Bind("pid") long pid,
      @Bind("started") Instant started,
      @Bind("limit") int limit);

  /** Keeps every trial this process holds alive; returns how many it still holds. */
  @SqlUpdate(
      "UPDATE trial SET heartbeat_at = now() WHERE status = 'running'"
          + " AND worker_host = :host AND worker_pid = :pid")
  int heartbeat(@Bind("host") String host, @Bind("pid") long pid);

  /** Still owned under this attempt? (also a heartbeat) */
  @SqlUpdate(
      "UPDATE trial SET heartbeat_at = now()"
          + " WHERE id = :id AND attempts = :attempt AND status = 'running'")
  int touch(@Bind("id") long id, @Bind("attempt") int attempt);

  /** Marks an owned trial done; 0 when the worker lost it (the caller must roll back). */
  @SqlUpdate(
      "UPDATE trial SET status = 'done', finished_at = now(), heartbeat_at = now(),"
          + " best_epoch = :bestEpoch, timings = :timings, error = NULL"
          + " WHERE id = :id AND attempts = :attempt AND status = 'running'")
  int finish(
      @Bind("id") long id,
      @Bind("attempt") int attempt,
      @Bind("bestEpoch") Integer bestEpoch,
      @Bind("timings") JsonNode timings);

  /** Marks an owned trial failed with its error. */
  @SqlUpdate(
      "UPDATE trial SET status = 'failed', finished_at = now(), error = :error"
          + " WHERE id = :id AND attempts = :attempt AND status = 'running'")
  int fail(@Bind("id") long id, @Bind("attempt") int attempt, @Bind("error") String error);

  /** Gives an owned trial back to the queue (a worker stopping cleanly). */
  @SqlUpdate(
      "UPDATE trial SET status = 'queued', worker = NULL, worker_host = NULL, worker_pid = NULL,"
          + " worker_started = NULL, heartbeat_at = NULL"
          + " WHERE id = :id AND attempts = :attempt AND status = 'running'")
  int release(@Bind("id") long id, @Bind("attempt") int attempt);

  /** Running trials whose heartbeat is older than {@code seconds}: their worker is gone. */
  @SqlQuery(
      "UPDATE trial SET status = 'queued', worker = NULL, worker_host = NULL, worker_pid = NULL,"
          + " worker_started = NULL, heartbeat_at = NULL"
          + " WHERE sweep_id = :sweepId AND status = 'running'"
          + " AND heartbeat_at < now() - make_interval(secs => :seconds) RETURNING id")
  List<Long> requeueStale(@Bind("sweepId") long sweepId, @Bind("seconds") double seconds);

  /** Failed trials go back to the queue (resume retries them). */
  @SqlQuery(
      "UPDATE trial SET status = 'queued', worker = NULL, worker_host = NULL, worker_pid = NULL,"
          + " worker_started = NULL, heartbeat_at = NULL, finished_at = NULL"
          + " WHERE sweep_id = :sweepId AND status = 'failed' RETURNING id")
  List<Long> requeueFailed(@Bind("sweepId") long sweepId);

  @SqlQuery(
      "SELECT * FROM trial WHERE sweep_id = :sweepId AND status = 'running'"
          + " AND worker_host = :host")
  List<TrialRow> runningOnHost(@Bind("sweepId") long sweepId, @Bind("host") String host);

  @SqlQuery("SELECT * FROM trial WHERE id = :id")
  Optional<TrialRow> find(@Bind("id") long id);

  /** The trials of a sweep in ordinal order. */
  @SqlQuery("SELECT * FROM trial WHERE sweep_id = :sweepId ORDER BY ordinal")
  List<TrialRow> list(@Bind("sweepId") long sweepId);

  @SqlQuery(
      "SELECT count(*) FILTER (WHERE status = 'queued') AS queued,"
          + " count(*) FILTER (WHERE status = 'running') AS running,"
          + " count(*) FILTER (WHERE status = 'done') AS done,"
          + " count(*) FILTER (WHERE status = 'failed') AS failed"
          + " FROM trial WHERE sweep_id = :sweepId")
  TrialCounts counts(@Bind("sweepId") long sweepId);

  /** How many trials of each model are in each state. */
  record ModelStatusCount(String model, String status, int trials) {}

  @SqlQuery(
      "SELECT model, status, count(*) AS trials FROM trial WHERE sweep_id = :sweepId"
          + " GROUP BY model, status")
  @RegisterConstructorMapper(ModelStatusCount.class)
  List<ModelStatusCount> countsByModel(@Bind("sweepId") long sweepId);

  /** The errors of a sweep's failed trials, most frequent first. */
  @SqlQuery(
      "SELECT coalesce(error, 'no error recorded') AS error, count(*) AS trials FROM trial"
          + " WHERE sweep_id = :sweepId AND status = 'failed'"
          + " GROUP BY 1 ORDER BY count(*) DESC, 1")
  List<FailureCause> failures(@Bind("sweepId") long sweepId);

  /** Seconds since the newest heartbeat of a running trial (null when none runs). */
  @SqlQuery(
      "SELECT EXTRACT(EPOCH FROM now() - max(heartbeat_at)) FROM trial"
          + " WHERE sweep_id = :sweepId AND status = 'running'")
  Optional<Double> secondsSinceHeartbeat(@Bind("sweepId") long sweepId);

  /** Removes what a lost attempt may have written (only epochs are written before 'done'). */
  @SqlUpdate("DELETE FROM epoch_metric WHERE trial_id = ANY(:ids)")
  int deleteEpochs(@Bind("ids") List<Long> trialIds);
}
