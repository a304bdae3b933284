package io.memefusion.bench;

import io.memefusion.heads.LabeledFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real-size synthetic features with signal in both modalities: each meme has a text latent and an
 * image latent, hateful with probability sigmoid(1.5·t + 1.5·v − 1.2) (≈35% hateful), and its
 * features are Gaussian noise plus each latent along a fixed random direction. Each modality alone
 * predicts part of the label, both together predict more — fusion has something to find.
 */
public final class SyntheticFeatures {
  private final int textDim;
  private final int imageDim;
  private final float[] textDirection;
  private final float[] imageDirection;

  public SyntheticFeatures(int textDim, int imageDim, long seed) {
    this.textDim = textDim;
    this.imageDim = imageDim;
    SplittableRandom rng = new SplittableRandom(seed);
    this.textDirection = unit(rng, textDim);
    this.imageDirection = unit(rng, imageDim);
  }

  public LabeledFeatures split(String name, int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>(rows);
    float[] text = new float[rows * textDim];
    float[] image = new float[rows * imageDim];
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      ids.add(name + "-" + i);
      double t = gaussian(rng);
      double v = gaussian(rng);
      double p = 1 / (1 + Math.exp(-(1.5 * t + 1.5 * v - 1.2)));
      labels[i] = rng.nextDouble() < p ? 1 : 0;
      fill(rng, text, i, textDim, textDirection, 4 * t);
      fill(rng, image, i, imageDim, imageDirection, 4 * v);
    }
    return new LabeledFeatures(name, ids, text, textDim, image, imageDim, labels);
  }

  private static void fill(
      SplittableRandom rng, float[] out, int row, int dim, float[] direction, double latent) {
    for (int j = 0; j < dim; j++) {
      out[row * dim + j] = (float) (gaussian(rng) + latent * direction[j]);
    }
  }

  private static float[] unit(SplittableRandom rng, int dim) {
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
}
