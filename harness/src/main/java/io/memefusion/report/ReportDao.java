package io.memefusion.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What the report reads about a sweep beyond its results and analysis. */
public interface ReportDao {

  record SweepRow(
      long id,
      String name,
      Long datasetId,
      JsonNode spec,
      JsonNode context,
      String status,
      OffsetDateTime createdAt,
      OffsetDateTime startedAt,
      OffsetDateTime finishedAt) {}

  record DatasetRow(long id, String name, String root, String contentHash) {}

  record DatasetSplitRow(
      String split,
      String role,
      String fileName,
      int rows,
      int positives,
      boolean labeled,
      int missingImages) {}

  record FeatureSetRow(
      String modality,
      String modelId,
      JsonNode preprocessing,
      String split,
      int rows,
      int dim,
      Double seconds) {}

  record TrialCountRow(String model, String status, int trials) {}

  record TrialTimingRow(long id, String model, JsonNode timings) {}

  @SqlQuery(
      "SELECT id, name, dataset_id, spec, context, status, created_at, started_at, finished_at"
          + " FROM sweep WHERE id = :id")
  @RegisterConstructorMapper(SweepRow.class)
  Optional<SweepRow> sweep(@Bind("id") long id);

  @SqlQuery("SELECT id, name, root, content_hash FROM dataset WHERE id = :id")
  @RegisterConstructorMapper(DatasetRow.class)
  Optional<DatasetRow> dataset(@Bind("id") long id);

  @SqlQuery(
      "SELECT split, role, file_name, rows, positives, labeled, missing_images FROM dataset_split"
          + " WHERE dataset_id = :id")
  @RegisterConstructorMapper(DatasetSplitRow.class)
  List<DatasetSplitRow> datasetSplits(@Bind("id") long datasetId);

  /**
   * The newest feature matrix of each split of {@code splits} made by one encoder (model id and
   * hash as the sweep recorded them in sweep.context.features).
   */
  @SqlQuery(
      "SELECT DISTINCT ON (split) modality, model_id, preprocessing, split, rows, dim, seconds"
          + " FROM feature_set WHERE model_id = :modelId AND model_hash = :modelHash"
          + " AND split IN (<splits>) ORDER BY split, created_at DESC")
  @RegisterConstructorMapper(FeatureSetRow.class)
  List<FeatureSetRow> featureSets(
      @Bind("modelId") String modelId,
      @Bind("modelHash") String modelHash,
      @BindList("splits") List<String> splits);

  @SqlQuery(
      "SELECT model, status, count(*) AS trials FROM trial WHERE sweep_id = :id"
          + " GROUP BY model, status")
  @RegisterConstructorMapper(TrialCountRow.class)
  List<TrialCountRow> trialCounts(@Bind("id") long sweepId);

  @SqlQuery("SELECT id, model, timings FROM trial WHERE sweep_id = :id AND status = 'done'")
  @RegisterConstructorMapper(TrialTimingRow.class)
  List<TrialTimingRow> trialTimings(@Bind("id") long sweepId);
}
