package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transactional;

/**
 * Reads the predictions a sweep recorded and stores what the analysis of issue 6 computes from them
 * (tables of {@code V3__analysis.sql}). Rows are flat records; {@code analysis.SweepAnalysis} turns
 * them into the records the report and dashboard use.
 */
public interface AnalysisDao extends Transactional<AnalysisDao> {

  /** One stored prediction; {@code label} is null on an unlabeled split. */
  /**
   * A prediction as the analysis has always read it: {@code proba} through JDBC as a double (not
   * the float32 of {@link io.memefusion.db.PredictionRow}), so that its numbers stay what they
   * were.
   */
  record PredictionRow(String memeId, Integer label, double proba) {}

  record ThresholdRow(long trialId, String split, String thresholdRule, double threshold) {}

  record RunRow(
      long sweepId,
      int resamples,
      long bootstrapSeed,
      boolean stratified,
      double level,
      int calibrationBins,
      JsonNode notes) {}

  record MetricCiRow(
      long sweepId,
      String model,
      String split,
      String metric,
      String thresholdRule,
      String configKey,
      int seeds,
      int n,
      double estimate,
      Double lowerBound,
      Double upperBound) {}

  record PairedRow(
      long sweepId,
      String split,
      String modelA,
      String modelB,
      String metric,
      int n,
      double estimate,
      Double lowerBound,
      Double upperBound,
      double fracAtMostZero) {}

  record CalibrationRow(
      long sweepId,
      String model,
      String split,
      int bins,
      int seeds,
      int n,
      double eceMean,
      double eceStd,
      double ecePooled) {}

  record CalibrationBinRow(
      long sweepId,
      String model,
      String split,
      int bin,
      double lowerEdge,
      double upperEdge,
      int count,
      Double meanPredicted,
      Double observedFrequency) {}

  record RelianceRow(
      long trialId,
      String split,
      String modality,
      int repeats,
      long permutationSeed,
      double baseAuroc,
      double permutedAuroc,
      double dropMean,
      double dropStd) {}

  record ConfounderGroupRow(
      long sweepId,
      String split,
      String kind,
      String groupKey,
      String[] memeIds,
      int positives,
      int negatives) {}

  record ConfounderAccuracyRow(
      long sweepId,
      String model,
      String split,
      String kind,
      String thresholdRule,
      int groups,
      int memes,
      int seeds,
      double accuracyMean,
      double accuracyStd,
      double overallMean,
      double overallStd) {}

  // ---- what the sweep recorded

  @SqlQuery("SELECT split FROM prediction WHERE trial_id IN (<ids>) GROUP BY split ORDER BY split")
  List<String> predictedSplits(@BindList("ids") Collection<Long> trialIds);

  @SqlQuery(
      "SELECT meme_id, label, proba FROM prediction"
          + " WHERE trial_id = :trialId AND split = :split ORDER BY meme_id")
  @RegisterConstructorMapper(PredictionRow.class)
  List<PredictionRow> predictions(@Bind("trialId") long trialId, @Bind("split") String split);

  @SqlQuery(
      "SELECT trial_id, split, threshold_rule, threshold FROM trial_metric"
          + " WHERE trial_id IN (<ids>)")
  @RegisterConstructorMapper(ThresholdRow.class)
  List<ThresholdRow> thresholds(@BindList("ids") Collection<Long> trialIds);

  // ---- modality reliance, written per trial by the sweep runner

  @SqlUpdate(
      "INSERT INTO modality_reliance (trial_id, split, modality, repeats, permutation_seed,"
          + " base_auroc, permuted_auroc, drop_mean, drop_std)"
          + " VALUES (:trialId, :split, :modality, :repeats, :permutationSeed, :baseAuroc,"
          + " :permutedAuroc, :dropMean, :dropStd)"
          + " ON CONFLICT (trial_id, split, modality) DO UPDATE SET repeats = EXCLUDED.repeats,"
          + " permutation_seed = EXCLUDED.permutation_seed, base_auroc = EXCLUDED.base_auroc,"
          + " permuted_auroc = EXCLUDED.permuted_auroc, drop_mean = EXCLUDED.drop_mean,"
          + " drop_std = EXCLUDED.drop_std")
  void upsertReliance(@BindMethods RelianceRow row);

  @SqlQuery(
      "SELECT trial_id, split, modality, repeats, permutation_seed, base_auroc, permuted_auroc,"
          + " drop_mean, drop_std FROM modality_reliance WHERE trial_id IN (<ids>)"
          + " ORDER BY trial_id, split, modality")
  @RegisterConstructorMapper(RelianceRow.class)
  List<RelianceRow> reliance(@BindList("ids") Collection<Long> trialIds);

  // ---- the analysis of a sweep, replaced as a whole

  @SqlUpdate("DELETE FROM analysis_run WHERE sweep_id = :sweepId")
  void deleteRun(@Bind("sweepId") long sweepId);

  @SqlUpdate("DELETE FROM metric_ci WHERE sweep_id = :sweepId")
  void deleteCis(@Bind("sweepId") long sweepId);

  @SqlUpdate("DELETE FROM paired_comparison WHERE sweep_id = :sweepId")
  void deletePaired(@Bind("sweepId") long sweepId);

  @SqlUpdate("DELETE FROM calibration WHERE sweep_id = :sweepId")
  void deleteCalibration(@Bind("sweepId") long sweepId);

  @SqlUpdate("DELETE FROM calibration_bin WHERE sweep_id = :sweepId")
  void deleteCalibrationBins(@Bind("sweepId") long sweepId);

  @SqlUpdate("DELETE FROM confounder_group WHERE sweep_id = :sweepId")
  void deleteConfounderGroups(@Bind("sweepId") long sweepId);

  @SqlUpdate("DELETE FROM confounder_accuracy WHERE sweep_id = :sweepId")
  void deleteConfounderAccuracy(@Bind("sweepId") long sweepId);

  default void deleteAnalysis(long sweepId) {
    deleteCis(sweepId);
    deletePaired(sweepId);
    deleteCalibration(sweepId);
    deleteCalibrationBins(sweepId);
    deleteConfounderGroups(sweepId);
    deleteConfounderAccuracy(sweepId);
    deleteRun(sweepId);
  }

  @SqlUpdate(
      "INSERT INTO analysis_run (sweep_id, resamples, bootstrap_seed, stratified, level,"
          + " calibration_bins, notes) VALUES (:sweepId, :resamples, :bootstrapSeed, :stratified,"
          + " :level, :calibrationBins, :notes)")
  void insertRun(@BindMethods RunRow row);

  @SqlBatch(
      "INSERT INTO metric_ci (sweep_id, model, split, metric, threshold_rule, config_key, seeds,"
          + " n, estimate, lower_bound, upper_bound) VALUES (:sweepId, :model, :split, :metric,"
          + " :thresholdRule, :configKey, :seeds, :n, :estimate, :lowerBound, :upperBound)")
  void insertCis(@BindMethods List<MetricCiRow> rows);

  @SqlBatch(
      "INSERT INTO paired_comparison (sweep_id, split, model_a, model_b, metric, n, estimate,"
          + " lower_bound, upper_bound, frac_at_most_zero) VALUES (:sweepId, :split, :modelA,"
          + " :modelB, :metric, :n, :estimate, :lowerBound, :upperBound, :fracAtMostZero)")
  void insertPaired(@BindMethods List<PairedRow> rows);

  @SqlBatch(
      "INSERT INTO calibration (sweep_id, model, split, bins, seeds, n, ece_mean, ece_std,"
          + " ece_pooled) VALUES (:sweepId, :model, :split, :bins, :seeds, :n, :eceMean,"
          + " :eceStd, :ecePooled)")
  void insertCalibration(@BindMethods List<CalibrationRow> rows);

  @SqlBatch(
      "INSERT INTO calibration_bin (sweep_id, model, split, bin, lower_edge, upper_edge, count,"
          + " mean_predicted, observed_frequency) VALUES (:sweepId, :model, :split, :bin,"
          + " :lowerEdge, :upperEdge, :count, :meanPredicted, :observedFrequency)")
  void insertCalibrationBins(@BindMethods List<CalibrationBinRow> rows);

  @SqlBatch(
      "INSERT INTO confounder_group (sweep_id, split, kind, group_key, meme_ids, positives,"
          + " negatives) VALUES (:sweepId, :split, :kind, :groupKey, :memeIds, :positives,"
          + " :negatives)")
  void insertConfounderGroups(@BindMethods List<ConfounderGroupRow> rows);

  @SqlBatch(
      "INSERT INTO confounder_accuracy (sweep_id, model, split, kind, threshold_rule, groups,"
          + " memes, seeds, accuracy_mean, accuracy_std, overall_mean, overall_std) VALUES"
          + " (:sweepId, :model, :split, :kind, :thresholdRule, :groups, :memes, :seeds,"
          + " :accuracyMean, :accuracyStd, :overallMean, :overallStd)")
  void insertConfounderAccuracy(@BindMethods List<ConfounderAccuracyRow> rows);

  @SqlQuery(
      "SELECT sweep_id, resamples, bootstrap_seed, stratified, level, calibration_bins, notes"
          + " FROM analysis_run WHERE sweep_id = :sweepId")
  @RegisterConstructorMapper(RunRow.class)
  Optional<RunRow> run(@Bind("sweepId") long sweepId);

  @SqlQuery("SELECT * FROM metric_ci WHERE sweep_id = :sweepId")
  @RegisterConstructorMapper(MetricCiRow.class)
  List<MetricCiRow> cis(@Bind("sweepId") long sweepId);

  @SqlQuery("SELECT * FROM paired_comparison WHERE sweep_id = :sweepId")
  @RegisterConstructorMapper(PairedRow.class)
  List<PairedRow> paired(@Bind("sweepId") long sweepId);

  @SqlQuery("SELECT * FROM calibration WHERE sweep_id = :sweepId")
  @RegisterConstructorMapper(CalibrationRow.class)
  List<CalibrationRow> calibration(@Bind("sweepId") long sweepId);

  @SqlQuery("SELECT * FROM calibration_bin WHERE sweep_id = :sweepId ORDER BY model, split, bin")
  @RegisterConstructorMapper(CalibrationBinRow.class)
  List<CalibrationBinRow> calibrationBins(@Bind("sweepId") long sweepId);

  @SqlQuery(
      "SELECT sweep_id, split, kind, group_key, meme_ids, positives, negatives"
          + " FROM confounder_group WHERE sweep_id = :sweepId"
          + " ORDER BY split, kind, cardinality(meme_ids) DESC, group_key")
  @RegisterConstructorMapper(ConfounderGroupRow.class)
  List<ConfounderGroupRow> confounderGroups(@Bind("sweepId") long sweepId);

  @SqlQuery("SELECT * FROM confounder_accuracy WHERE sweep_id = :sweepId")
  @RegisterConstructorMapper(ConfounderAccuracyRow.class)
  List<ConfounderAccuracyRow> confounderAccuracy(@Bind("sweepId") long sweepId);
}
