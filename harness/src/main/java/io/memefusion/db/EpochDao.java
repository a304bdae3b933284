package io.memefusion.db;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Per-epoch training curves, written while a trial trains. */
@RegisterConstructorMapper(EpochRow.class)
public interface EpochDao {

  /**
   * Records one epoch if the worker still owns the trial under {@code attempt} (and refreshes its
   * heartbeat); returns 0 when the trial was taken from it.
   */
  @SqlUpdate(
      "WITH owner AS (UPDATE trial SET heartbeat_at = now()"
          + "   WHERE id = :trialId AND attempts = :attempt AND status = 'running' RETURNING id)"
          + " INSERT INTO epoch_metric (trial_id, epoch, train_loss, dev_loss, dev_auroc)"
          + " SELECT id, :epoch, :trainLoss, :devLoss, :devAuroc FROM owner"
          + " ON CONFLICT (trial_id, epoch) DO UPDATE SET train_loss = EXCLUDED.train_loss,"
          + "   dev_loss = EXCLUDED.dev_loss, dev_auroc = EXCLUDED.dev_auroc")
  int record(
      @Bind("trialId") long trialId,
      @Bind("attempt") int attempt,
      @Bind("epoch") int epoch,
      @Bind("trainLoss") double trainLoss,
      @Bind("devLoss") Double devLoss,
      @Bind("devAuroc") Double devAuroc);

  @SqlQuery("SELECT * FROM epoch_metric WHERE trial_id = :trialId ORDER BY epoch")
  List<EpochRow> ofTrial(@Bind("trialId") long trialId);

  /** The curves of some trials, by trial then epoch. */
  @SqlQuery("SELECT * FROM epoch_metric WHERE trial_id IN (<ids>) ORDER BY trial_id, epoch")
  List<EpochRow> ofTrials(@BindList("ids") Collection<Long> trialIds);

  /** The curves of every trial of a sweep, by trial then epoch. */
  @SqlQuery(
      "SELECT e.* FROM epoch_metric e JOIN trial t ON t.id = e.trial_id"
          + " WHERE t.sweep_id = :sweepId ORDER BY e.trial_id, e.epoch")
  List<EpochRow> ofSweep(@Bind("sweepId") long sweepId);
}
