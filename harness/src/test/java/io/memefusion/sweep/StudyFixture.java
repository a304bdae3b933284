package io.memefusion.sweep;

import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.data.SplitRole;
import io.memefusion.features.FeatureMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A small in-memory dataset (35% hateful) and features with signal in both modalities, for sweep
 * tests that need real training but no encoders. Deterministic for a given seed.
 */
public final class StudyFixture {
  private StudyFixture() {}

  /** train / dev_seen / test_seen (labeled or not) and any extra splits, {@code n} memes each. */
  public static Dataset dataset(
      int train, int dev, int test, boolean testLabeled, String... extras) {
    SplittableRandom rng = new SplittableRandom(7);
    List<Split> splits = new ArrayList<>();
    splits.add(split("train", SplitRole.TRAIN, train, true, rng));
    splits.add(split("dev_seen", SplitRole.DEV, dev, true, rng));
    if (test > 0) {
      splits.add(split("test_seen", SplitRole.TEST, test, testLabeled, rng));
    }
    for (String e : extras) {
      splits.add(split(e, SplitRole.EXTRA, dev, true, rng));
    }
    return new Dataset("fixture", Path.of("/fixture"), splits);
  }

  private static Split split(
      String name, SplitRole role, int n, boolean labeled, SplittableRandom rng) {
    List<Meme> memes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = rng.nextDouble() < 0.35 ? 1 : 0;
      memes.add(
          new Meme(
              name + "-" + i,
              "img/" + name + "-" + i + ".png",
              labeled ? label : null,
              String.valueOf(label)));
    }
    return new Split(name, role, Path.of("/fixture/" + name + ".jsonl"), "sha-" + name + n, memes);
  }

  /**
   * Features whose mean moves with the label (the true label, even for unlabeled splits: it is kept
   * in the meme's text); memes in {@code noImage} get no image row. {@code imageDim} 0: no images.
   */
  public static StudyFeatures features(Dataset d, int textDim, int imageDim, Set<String> noImage) {
    Map<String, FeatureMatrix> text = new LinkedHashMap<>();
    Map<String, FeatureMatrix> image = imageDim > 0 ? new LinkedHashMap<>() : null;
    for (Split s : d.splits()) {
      SplittableRandom rng = new SplittableRandom(s.name().hashCode());
      List<String> ids = new ArrayList<>();
      List<String> imageIds = new ArrayList<>();
      float[] t = new float[s.memes().size() * textDim];
      List<float[]> v = new ArrayList<>();
      for (int i = 0; i < s.memes().size(); i++) {
        Meme m = s.memes().get(i);
        double shift = m.text().equals("1") ? 0.8 : -0.8;
        ids.add(m.id());
        for (int j = 0; j < textDim; j++) {
          t[i * textDim + j] = (float) (gaussian(rng) + (j < 3 ? shift : 0));
        }
        if (image != null && !noImage.contains(m.id())) {
          imageIds.add(m.id());
          float[] row = new float[imageDim];
          for (int j = 0; j < imageDim; j++) {
            row[j] = (float) (gaussian(rng) + (j < 2 ? shift : 0));
          }
          v.add(row);
        }
      }
      text.put(s.name(), new FeatureMatrix(ids, textDim, t));
      if (image != null) {
        float[] flat = new float[v.size() * imageDim];
        for (int i = 0; i < v.size(); i++) {
          System.arraycopy(v.get(i), 0, flat, i * imageDim, imageDim);
        }
        image.put(s.name(), new FeatureMatrix(imageIds, imageDim, flat));
      }
    }
    return new StudyFeatures(
        text,
        image,
        "fixture-" + textDim + "-" + imageDim,
        null,
        imageDim > 0 ? List.of("Image features are synthetic.") : List.of());
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
