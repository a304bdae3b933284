package io.memefusion.heads;

import io.memefusion.eval.Auroc;
import io.memefusion.features.Modality;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How much a trained head relies on each modality: shuffle one modality's feature rows across the
 * memes of a split (so each meme keeps its text but gets another meme's image, or the reverse),
 * predict again and measure the AUROC drop. A head that ignores a modality shows a drop of exactly
 * zero; one that leans on it drops towards 0.5. Each modality is shuffled {@code repeats} times
 * with seeded permutations and the drops are averaged.
 */
public final class ModalityReliance {
  private final int repeats;
  private final long seed;

  public ModalityReliance(int repeats, long seed) {
    if (repeats < 1) {
      throw new IllegalArgumentException("permutation repeats must be >= 1, got " + repeats);
    }
    this.repeats = repeats;
    this.seed = seed;
  }

  public int repeats() {
    return repeats;
  }

  public long seed() {
    return seed;
  }

  /**
   * The AUROC drop of one head on one labeled split, per modality present in {@code rows}: baseline
   * AUROC minus the mean AUROC over the shuffled copies.
   */
  public record Result(
      String split,
      Modality modality,
      double baseAuroc,
      double permutedAuroc,
      double drop,
      double dropStd,
      int repeats) {}

  /** Measures every modality that {@code rows} carries; empty for an unlabeled split. */
  public List<Result> measure(ProbaFunction head, LabeledFeatures rows) {
    List<Result> results = new ArrayList<>();
    if (!rows.labeled() || rows.rows() < 2) {
      return results;
    }
    double base = auroc(rows.labels(), head.predictProba(rows));
    for (Modality modality : Modality.values()) {
      float[] values = modality == Modality.TEXT ? rows.text() : rows.image();
      if (values == null) {
        continue;
      }
      // one stream per (seed, modality), so adding a modality does not change the other's numbers
      SplittableRandom random = new SplittableRandom(seed * 31 + modality.ordinal());
      double[] drops = new double[repeats];
      double permutedSum = 0;
      for (int r = 0; r < repeats; r++) {
        int[] perm = permutation(rows.rows(), random);
        LabeledFeatures shuffled =
            modality == Modality.TEXT
                ? new LabeledFeatures(
                    rows.split(),
                    rows.ids(),
                    permuteRows(rows.text(), rows.textDim(), perm),
                    rows.textDim(),
                    rows.image(),
                    rows.imageDim(),
                    rows.labels())
                : new LabeledFeatures(
                    rows.split(),
                    rows.ids(),
                    rows.text(),
                    rows.textDim(),
                    permuteRows(rows.image(), rows.imageDim(), perm),
                    rows.imageDim(),
                    rows.labels());
        double permuted = auroc(rows.labels(), head.predictProba(shuffled));
        permutedSum += permuted;
        drops[r] = base - permuted;
      }
      double meanDrop = 0;
      for (double d : drops) {
        meanDrop += d / repeats;
      }
      double var = 0;
      for (double d : drops) {
        var += (d - meanDrop) * (d - meanDrop);
      }
      double std = repeats > 1 ? Math.sqrt(var / (repeats - 1)) : 0;
      results.add(
          new Result(rows.split(), modality, base, permutedSum / repeats, meanDrop, std, repeats));
    }
    return results;
  }

  private static double auroc(int[] labels, float[] probas) {
    return Auroc.of(probas, labels).orElse(Double.NaN);
  }

  /** Fisher–Yates over row indices. */
  static int[] permutation(int n, SplittableRandom random) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }

  /** Row i of the result is row perm[i] of {@code values} ([n, dim], row-major). */
  static float[] permuteRows(float[] values, int dim, int[] perm) {
    float[] out = new float[values.length];
    for (int i = 0; i < perm.length; i++) {
      System.arraycopy(values, perm[i] * dim, out, i * dim, dim);
    }
    return out;
  }
}
