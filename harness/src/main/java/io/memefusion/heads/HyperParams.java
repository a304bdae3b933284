package io.memefusion.heads;

/**
 * Hyperparameters of one head. {@code posWeight} multiplies the loss of hateful memes (1 = off);
 * {@code patience} stops training after that many epochs without a better dev AUROC (0 = never).
 */
public record HyperParams(
    int hidden,
    double learningRate,
    double dropout,
    double weightDecay,
    int batchSize,
    int epochs,
    double posWeight,
    int patience) {
  public HyperParams {
    if (hidden < 1) {
      throw new IllegalArgumentException("hidden must be >= 1, got " + hidden);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (weightDecay < 0) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (!(posWeight > 0)) {
      throw new IllegalArgumentException("pos_weight must be > 0, got " + posWeight);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
  }
}
