package io.memefusion.dashboard.store;

import io.memefusion.eval.Metric;

/** A trial's metrics on one split under one threshold rule; all null when not (yet) scored. */
public record Scores(Double accuracy, Double precision, Double recall, Double f1, Double auroc) {
  public static final Scores NONE = new Scores(null, null, null, null, null);

  public Double get(Metric metric) {
    switch (metric) {
      case ACCURACY:
        return accuracy;
      case PRECISION:
        return precision;
      case RECALL:
        return recall;
      case F1:
        return f1;
      case AUROC:
        return auroc;
      default:
        throw new IllegalArgumentException("unknown metric " + metric);
    }
  }
}
