package io.memefusion.heads;

/**
 * A trained head at its best dev-AUROC epoch. Holds native TensorFlow memory: close it when its
 * predictions are written. Thread-safe.
 */
public interface TrainedHead extends AutoCloseable {

  TrialSpec spec();

  /**
   * P(hateful) for each row, in row order. Reads only the modalities the head uses (the others may
   * be null), row by row, so rows whose features were permuted across memes are scored as given.
   */
  float[] predictProba(LabeledFeatures rows);

  @Override
  void close();
}
