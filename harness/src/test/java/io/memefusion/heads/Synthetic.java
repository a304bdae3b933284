package io.memefusion.heads;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small synthetic features with signal: hateful memes (35%) are shifted along a random direction in
 * each modality; {@code strength} scales the shift relative to unit Gaussian noise.
 */
final class Synthetic {
  private final int textDim;
  private final int imageDim;
  private final float[] textDir;
  private final float[] imageDir;
  private final double strength;

  Synthetic(int textDim, int imageDim, double strength, long seed) {
    this.textDim = textDim;
    this.imageDim = imageDim;
    this.strength = strength;
    SplittableRandom rng = new SplittableRandom(seed);
    this.textDir = direction(rng, textDim);
    this.imageDir = direction(rng, imageDim);
  }

  private static float[] direction(SplittableRandom rng, int dim) {
    float[] d = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      d[i] = (float) gaussian(rng);
      norm += d[i] * d[i];
    }
    for (int i = 0; i < dim; i++) {
      d[i] /= (float) Math.sqrt(norm);
    }
    return d;
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  LabeledFeatures split(String name, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>();
    float[] text = new float[n * textDim];
    float[] image = new float[n * imageDim];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      ids.add(name + "-" + i);
      labels[i] = rng.nextDouble() < 0.35 ? 1 : 0;
      double shift = (labels[i] == 1 ? 1 : -1) * strength;
      for (int j = 0; j < textDim; j++) {
        text[i * textDim + j] = (float) (gaussian(rng) + shift * textDir[j] * 3);
      }
      for (int j = 0; j < imageDim; j++) {
        image[i * imageDim + j] = (float) (gaussian(rng) + shift * imageDir[j] * 3);
      }
    }
    return new LabeledFeatures(name, ids, text, textDim, image, imageDim, labels);
  }
}
