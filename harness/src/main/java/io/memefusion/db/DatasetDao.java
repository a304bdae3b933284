package io.memefusion.db;

import io.memefusion.data.Dataset;
import io.memefusion.data.Split;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Records datasets and their split files in {@code dataset} / {@code dataset_split}. A dataset is
 * identified by its folder and content hash: recording the same files again returns the same id.
 */
public interface DatasetDao {

  /** One row of {@code dataset_split}. */
  record SplitRow(
      String split,
      String role,
      String fileName,
      String sha256,
      int rows,
      int positives,
      boolean labeled,
      int missingImages) {}

  /** One row of {@code dataset}. */
  record DatasetRow(long id, String name, String root, String contentHash) {}

  /** Inserts or finds the dataset row; on conflict the existing id comes back. */
  @SqlQuery(
      "INSERT INTO dataset (name, root, content_hash) VALUES (:name, :root, :hash)"
          + " ON CONFLICT (root, content_hash) DO UPDATE SET name = EXCLUDED.name RETURNING id")
  long upsertDataset(
      @Bind("name") String name, @Bind("root") String root, @Bind("hash") String hash);

  @SqlBatch(
      "INSERT INTO dataset_split (dataset_id, split, role, file_name, sha256, rows, positives,"
          + " labeled, missing_images) VALUES (:datasetId, :split, :role, :fileName, :sha256,"
          + " :rows, :positives, :labeled, :missingImages)"
          + " ON CONFLICT (dataset_id, split) DO UPDATE SET missing_images = EXCLUDED.missing_images")
  void upsertSplits(@Bind("datasetId") long datasetId, @BindMethods List<SplitRow> rows);

  @SqlQuery("SELECT id FROM dataset WHERE root = :root AND content_hash = :hash")
  Optional<Long> find(@Bind("root") String root, @Bind("hash") String hash);

  @SqlQuery(
      "SELECT split, role, file_name, sha256, rows, positives, labeled, missing_images"
          + " FROM dataset_split WHERE dataset_id = :id ORDER BY split")
  @RegisterConstructorMapper(SplitRow.class)
  List<SplitRow> splits(@Bind("id") long datasetId);

  @SqlQuery("SELECT id, name, root, content_hash FROM dataset WHERE id = :id")
  @RegisterConstructorMapper(DatasetRow.class)
  Optional<DatasetRow> dataset(@Bind("id") long datasetId);

  /** The split files of the dataset a sweep ran on; empty when it recorded none. */
  @SqlQuery(
      "SELECT ds.split, ds.role, ds.file_name, ds.sha256, ds.rows, ds.positives, ds.labeled,"
          + " ds.missing_images FROM sweep s JOIN dataset_split ds ON ds.dataset_id = s.dataset_id"
          + " WHERE s.id = :sweepId ORDER BY ds.split")
  @RegisterConstructorMapper(SplitRow.class)
  List<SplitRow> splitsOfSweep(@Bind("sweepId") long sweepId);

  /** Records {@code dataset} (no image audit: missing images recorded as 0); returns its id. */
  default long record(Dataset dataset) {
    return record(dataset, Map.of());
  }

  /**
   * Records {@code dataset} with the number of missing or unreadable images per split name (from
   * {@code DataAudit}); returns its id. Idempotent: the same files give the same id, and a later
   * audit updates the image counts.
   */
  @Transaction
  default long record(Dataset dataset, Map<String, Integer> missingImages) {
    long id = upsertDataset(dataset.name(), dataset.root().toString(), dataset.contentHash());
    upsertSplits(
        id,
        dataset.splits().stream()
            .map(s -> row(s, missingImages.getOrDefault(s.name(), 0)))
            .toList());
    return id;
  }

  private static SplitRow row(Split s, int missing) {
    return new SplitRow(
        s.name(),
        s.role().dbName(),
        s.file().getFileName().toString(),
        s.sha256(),
        s.memes().size(),
        s.positives(),
        s.labeled(),
        missing);
  }
}
