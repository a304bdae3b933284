package io.memefusion.dashboard.store;

/** A stored probability of hateful for one meme; {@code label} is null on an unlabeled split. */
public record PredictionRow(String memeId, Integer label, double proba) {
  /** How far the prediction is from the truth: |label - proba|, 0 when unlabeled. */
  public double error() {
    return label == null ? 0 : Math.abs(label - proba);
  }
}
