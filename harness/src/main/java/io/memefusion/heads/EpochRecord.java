package io.memefusion.heads;

/**
 * One finished epoch (1-based). {@code trainLoss}: mean per-meme loss of the epoch's mini-batches
 * as trained (dropout on, pos_weight applied, weight decay excluded); {@code devLoss}: the same
 * loss on dev without dropout; {@code devAuroc}: dev AUROC, the only criterion for early stopping.
 */
public record EpochRecord(int epoch, double trainLoss, double devLoss, double devAuroc) {
  public EpochRecord {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
  }
}
