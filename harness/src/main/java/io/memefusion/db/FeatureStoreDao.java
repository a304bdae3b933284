package io.memefusion.db;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The database copy of feature sets ({@code feature_chunk}) and the log of extractions ({@code
 * feature_extraction}).
 */
public interface FeatureStoreDao {

  /** Where a feature set's bytes are: its row id and the bytes held in the database (or null). */
  record Stored(long id, Long storedBytes) {}

  @SqlQuery("SELECT id, stored_bytes FROM feature_set WHERE cache_key = :key")
  @RegisterConstructorMapper(Stored.class)
  Optional<Stored> stored(@Bind("key") String cacheKey);

  @SqlQuery("SELECT data FROM feature_chunk WHERE feature_set_id = :id ORDER BY chunk")
  List<byte[]> chunks(@Bind("id") long featureSetId);

  @SqlUpdate("DELETE FROM feature_chunk WHERE feature_set_id = :id")
  int deleteChunks(@Bind("id") long featureSetId);

  @SqlBatch("INSERT INTO feature_chunk (feature_set_id, chunk, data) VALUES (:id, :chunk, :data)")
  void insertChunks(
      @Bind("id") long featureSetId,
      @Bind("chunk") List<Integer> chunk,
      @Bind("data") List<byte[]> data);

  @SqlUpdate("UPDATE feature_set SET stored_bytes = :bytes WHERE id = :id")
  int setStoredBytes(@Bind("id") long featureSetId, @Bind("bytes") long bytes);

  @SqlUpdate(
      "INSERT INTO feature_extraction (cache_key, reason, worker, seconds)"
          + " VALUES (:key, :reason, :worker, :seconds)")
  void logExtraction(
      @Bind("key") String cacheKey,
      @Bind("reason") String reason,
      @Bind("worker") String worker,
      @Bind("seconds") double seconds);

  /** How often the feature set of {@code cacheKey} was extracted. */
  @SqlQuery("SELECT count(*) FROM feature_extraction WHERE cache_key = :key")
  int extractions(@Bind("key") String cacheKey);
}
