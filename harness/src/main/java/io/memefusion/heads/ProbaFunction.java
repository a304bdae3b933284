package io.memefusion.heads;

/**
 * A trained head seen from evaluation: rows in, P(hateful) per row out ({@code
 * TrainedHead::predictProba} fits).
 */
@FunctionalInterface
public interface ProbaFunction {
  float[] predictProba(LabeledFeatures rows);
}
