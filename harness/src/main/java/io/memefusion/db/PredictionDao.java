package io.memefusion.db;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.postgresql.PGConnection;

/** Per-meme probabilities of each trial's chosen checkpoint. */
@RegisterConstructorMapper(PredictionRow.class)
public interface PredictionDao extends SqlObject {

  /**
   * Inserts with {@code COPY} (a trial has thousands of rows; this is ~10x faster than batched
   * INSERTs) on the handle's connection, so it is part of the caller's transaction.
   */
  default void insert(List<PredictionRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder csv = new StringBuilder(rows.size() * 40);
    for (PredictionRow r : rows) {
      csv.append(r.trialId()).append(',');
      quote(csv, r.split()).append(',');
      quote(csv, r.memeId()).append(',');
      if (r.label() != null) {
        csv.append(r.label().intValue());
      }
      // Float.toString is the shortest text that reads back to the same float4
      csv.append(',').append(Float.toString(r.proba())).append('\n');
    }
    try {
      getHandle()
          .getConnection()
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY prediction (trial_id, split, meme_id, label, proba) FROM STDIN WITH (FORMAT csv)",
              new StringReader(csv.toString()));
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException("cannot copy predictions", e, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SqlQuery(
      "SELECT * FROM prediction WHERE trial_id = :trialId AND split = :split ORDER BY meme_id")
  List<PredictionRow> ofTrial(@Bind("trialId") long trialId, @Bind("split") String split);

  /** The labeled predictions of a trial furthest from their label, worst first. */
  @SqlQuery(
      "SELECT * FROM prediction WHERE trial_id = :trialId AND split = :split"
          + " AND label IS NOT NULL ORDER BY abs(label - proba) DESC, meme_id LIMIT :limit")
  List<PredictionRow> mostWrong(
      @Bind("trialId") long trialId, @Bind("split") String split, @Bind("limit") int limit);

  /** The splits a trial has predictions for. */
  @SqlQuery("SELECT DISTINCT split FROM prediction WHERE trial_id = :trialId ORDER BY split")
  List<String> splitsOf(@Bind("trialId") long trialId);

  /**
   * Every prediction of a sweep's done trials, by trial, split and meme; streamed with a cursor
   * (call inside a transaction and close the stream).
   */
  @SqlQuery(
      "SELECT p.* FROM prediction p JOIN trial t ON t.id = p.trial_id"
          + " WHERE t.sweep_id = :sweepId AND t.status = 'done'"
          + " ORDER BY p.trial_id, p.split, p.meme_id")
  @FetchSize(10_000)
  Stream<PredictionRow> streamOfSweep(@Bind("sweepId") long sweepId);

  private static StringBuilder quote(StringBuilder out, String field) {
    out.append('"');
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      out.append(c == '"' ? "\"\"" : String.valueOf(c));
    }
    return out.append('"');
  }
}
