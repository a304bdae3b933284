package io.memefusion.db;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The feature cache's records: one row per cached matrix file. */
@RegisterConstructorMapper(FeatureSetRow.class)
public interface FeatureSetDao {
  String COLUMNS =
      "id, cache_key, modality, model_id, model_hash, preprocessing, split, split_hash, rows, dim,"
          + " path, file_sha256, seconds, skipped, pretrained";

  @SqlQuery("SELECT " + COLUMNS + " FROM feature_set WHERE cache_key = :key")
  Optional<FeatureSetRow> find(@Bind("key") String cacheKey);

  /** Records a computed matrix, replacing an earlier record of the same key. */
  @SqlUpdate(
      "INSERT INTO feature_set (cache_key, modality, model_id, model_hash, preprocessing, split,"
          + " split_hash, rows, dim, path, file_sha256, seconds, skipped, pretrained)"
          + " VALUES (:cacheKey, :modality, :modelId, :modelHash, :preprocessing, :split,"
          + " :splitHash, :rows, :dim, :path, :fileSha256, :seconds, :skipped, :pretrained)"
          + " ON CONFLICT (cache_key) DO UPDATE SET modality = excluded.modality,"
          + " model_id = excluded.model_id, model_hash = excluded.model_hash,"
          + " preprocessing = excluded.preprocessing, split = excluded.split,"
          + " split_hash = excluded.split_hash, rows = excluded.rows, dim = excluded.dim,"
          + " path = excluded.path, file_sha256 = excluded.file_sha256,"
          + " seconds = excluded.seconds, skipped = excluded.skipped,"
          + " pretrained = excluded.pretrained, created_at = now()")
  void upsert(@BindMethods FeatureSetRow row);

  @SqlUpdate("DELETE FROM feature_set WHERE cache_key = :key")
  int delete(@Bind("key") String cacheKey);

  @SqlQuery("SELECT " + COLUMNS + " FROM feature_set WHERE model_id = :modelId ORDER BY id")
  List<FeatureSetRow> forModel(@Bind("modelId") String modelId);

  /**
   * The newest matrix of each split of {@code splits} made by one encoder (model id and hash as a
   * sweep recorded them in its context).
   */
  @SqlQuery(
      "SELECT DISTINCT ON (split) "
          + COLUMNS
          + " FROM feature_set WHERE model_id = :modelId AND model_hash = :modelHash"
          + " AND split IN (<splits>) ORDER BY split, created_at DESC")
  List<FeatureSetRow> newestOf(
      @Bind("modelId") String modelId,
      @Bind("modelHash") String modelHash,
      @BindList("splits") List<String> splits);

  @SqlQuery("SELECT " + COLUMNS + " FROM feature_set ORDER BY id")
  List<FeatureSetRow> all();
}
