package io.memefusion.analysis;

import io.memefusion.db.AnalysisDao;
import io.memefusion.heads.LabeledFeatures;
import io.memefusion.heads.ModalityReliance;
import io.memefusion.heads.ProbaFunction;
import io.memefusion.sweep.SweepContext;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The sweep runner's hook for modality reliance: right after a trial is scored, call {@link
 * #record} with the trained head and the labeled evaluation splits it was scored on. Every trial
 * uses the same permutations (same seed), so heads are compared on the same shuffles.
 */
public final class RelianceRecorder {
  /**
   * Five shuffles per modality: the drop's spread over shuffles is then visible, at 10 extra
   * predictions per split.
   */
  public static final int DEFAULT_REPEATS = 5;

  public static final long DEFAULT_SEED = 2020;

  private final Jdbi jdbi;
  private final ModalityReliance reliance;

  public RelianceRecorder(Jdbi jdbi, int repeats, long seed) {
    this.jdbi = jdbi;
    this.reliance = new ModalityReliance(repeats, seed);
  }

  public static RelianceRecorder defaults(Jdbi jdbi) {
    return new RelianceRecorder(jdbi, DEFAULT_REPEATS, DEFAULT_SEED);
  }

  /**
   * Shuffles each modality of each labeled split in {@code splits}, re-predicts with {@code head}
   * and stores the AUROC drops of trial {@code trialId}; unlabeled splits and the train hold-out
   * are skipped, so the runner can pass {@code view.scored()} as it is.
   */
  public List<ModalityReliance.Result> record(
      long trialId, ProbaFunction head, List<LabeledFeatures> splits) {
    List<ModalityReliance.Result> results = new ArrayList<>();
    for (LabeledFeatures rows : splits) {
      // the train hold-out only picks a threshold: not an evaluation split
      if (!rows.split().equals(SweepContext.THRESHOLD_HOLDOUT)) {
        results.addAll(reliance.measure(head, rows));
      }
    }
    AnalysisDao dao = jdbi.onDemand(AnalysisDao.class);
    for (ModalityReliance.Result r : results) {
      dao.upsertReliance(
          new AnalysisDao.RelianceRow(
              trialId,
              r.split(),
              r.modality().dbName(),
              r.repeats(),
              reliance.seed(),
              r.baseAuroc(),
              r.permutedAuroc(),
              r.drop(),
              r.dropStd()));
    }
    return results;
  }
}
