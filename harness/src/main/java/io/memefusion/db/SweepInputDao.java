package io.memefusion.db;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * What a sweep runs on, fixed when it starts: the memes of its dataset ({@code dataset_meme}) and
 * its feature sets ({@code sweep_feature_set}).
 */
public interface SweepInputDao {

  /** One meme of a dataset split; {@code ordinal} runs over the whole dataset in split order. */
  record MemeRow(
      String split, int ordinal, String memeId, String img, Integer label, String text) {}

  /**
   * One feature set a sweep runs on; {@code textRecipe}: the text recipe of a text set (e.g. {@code
   * mean/last}), empty for image sets and for text sets pinned before sweeps compared recipes.
   */
  record FeatureSetPin(
      String modality,
      String split,
      String cacheKey,
      String splitHash,
      String fileSha256,
      int rows,
      String textRecipe) {}

  @SqlQuery("SELECT count(*) FROM dataset_meme WHERE dataset_id = :id")
  int memeCount(@Bind("id") long datasetId);

  @SqlBatch(
      "INSERT INTO dataset_meme (dataset_id, split, ordinal, meme_id, img, label, text)"
          + " VALUES (:datasetId, :split, :ordinal, :memeId, :img, :label, :text)"
          + " ON CONFLICT DO NOTHING")
  void insertMemes(@Bind("datasetId") long datasetId, @BindMethods List<MemeRow> memes);

  @SqlQuery(
      "SELECT split, ordinal, meme_id, img, label, text FROM dataset_meme"
          + " WHERE dataset_id = :id ORDER BY ordinal")
  @RegisterConstructorMapper(MemeRow.class)
  List<MemeRow> memes(@Bind("id") long datasetId);

  @SqlBatch(
      "INSERT INTO sweep_feature_set (sweep_id, modality, split, cache_key, split_hash,"
          + " file_sha256, rows, text_recipe) VALUES (:sweepId, :modality, :split, :cacheKey,"
          + " :splitHash, :fileSha256, :rows, :textRecipe)")
  void pin(@Bind("sweepId") long sweepId, @BindMethods List<FeatureSetPin> sets);

  @SqlQuery(
      "SELECT modality, split, cache_key, split_hash, file_sha256, rows, text_recipe"
          + " FROM sweep_feature_set WHERE sweep_id = :id ORDER BY modality DESC, text_recipe, split")
  @RegisterConstructorMapper(FeatureSetPin.class)
  List<FeatureSetPin> pins(@Bind("id") long sweepId);
}
