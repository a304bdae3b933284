package io.memefusion.sweep;

import io.memefusion.UserException;
import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.data.SplitRole;
import io.memefusion.eval.Stratified;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.LabeledFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows a sweep trains and scores, aligned across modalities: the dataset's labels joined with
 * the cached features by meme id, then split as the protocol says.
 *
 * <ul>
 *   <li>train: the train split less a stratified hold-out (which picks the train_holdout threshold)
 *       and, with {@code holdout_test}, less a stratified labeled test;
 *   <li>dev: picks epochs and configurations (dev AUROC);
 *   <li>test: the dataset's test split (maybe unlabeled: predictions only), or the carved test;
 *   <li>extras: every other split (dev_unseen, test_unseen, and the dataset's own test when a test
 *       was carved from train), scored with the chosen checkpoint too.
 * </ul>
 *
 * Memes whose image has no features (a missing or unreadable image) are dropped from every split
 * for every model when {@code same_memes} is on (the default), so that all models are compared on
 * the same memes; otherwise only from the views of models that use images. Both are counted. The
 * hold-outs are drawn from the full train split by meme, so every view holds out the same memes.
 */
public final class StudyData {
  /** The splits of one view (all memes, or only memes with images). */
  public record View(
      LabeledFeatures train,
      LabeledFeatures holdout,
      LabeledFeatures dev,
      LabeledFeatures test,
      List<LabeledFeatures> extras) {
    public View {
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(holdout, "holdout");
      Objects.requireNonNull(dev, "dev");
      extras = List.copyOf(extras);
    }

    /** Every split scored with the chosen checkpoint: dev, hold-out, test, extras. */
    public List<LabeledFeatures> scored() {
      List<LabeledFeatures> out = new ArrayList<>(List.of(dev, holdout));
      if (test != null) {
        out.add(test);
      }
      out.addAll(extras);
      return out;
    }
  }

  private final View withImages;
  private final View allMemes;
  private final String testName;
  private final boolean testLabeled;
  private final Map<String, Integer> rows;
  private final Map<String, Integer> dropped;

  private StudyData(
      View withImages,
      View allMemes,
      String testName,
      boolean testLabeled,
      Map<String, Integer> rows,
      Map<String, Integer> dropped) {
    this.withImages = withImages;
    this.allMemes = allMemes;
    this.testName = testName;
    this.testLabeled = testLabeled;
    this.rows = rows;
    this.dropped = dropped;
  }

  /**
   * Joins {@code dataset} with its features. {@code text}/{@code image}: feature matrices by split
   * name; {@code image} is null for a sweep without image models. A meme missing from an image
   * matrix has no usable image.
   */
  public static StudyData assemble(
      Dataset dataset,
      Map<String, FeatureMatrix> text,
      Map<String, FeatureMatrix> image,
      SweepSpec spec) {
    if (spec.usesImages() && image == null) {
      throw new IllegalArgumentException("the sweep has image models but no image features");
    }
    Split trainSplit = dataset.train();
    Split devSplit =
        dataset
            .dev()
            .orElseThrow(
                () ->
                    new UserException(
                        "dataset "
                            + dataset.root()
                            + " has no dev split: the study picks epochs and configurations on"
                            + " dev (name one with --dev)"));
    for (Split s : List.of(trainSplit, devSplit)) {
      if (s.memes().isEmpty()) {
        throw new UserException(
            "the "
                + s.role().dbName()
                + " split "
                + s.name()
                + " is empty: "
                + s.file().getFileName()
                + " has no memes");
      }
    }
    String oneClass = io.memefusion.data.DataAudit.oneClass(trainSplit);
    if (oneClass != null) {
      throw new UserException(
          "the train split " + trainSplit.name() + oneClass.substring(oneClass.indexOf(' ')));
    }
    if (!trainSplit.labeled()) {
      throw new UserException("the train split " + trainSplit.name() + " has memes without labels");
    }
    if (!devSplit.labeled()) {
      throw new UserException("the dev split " + devSplit.name() + " has memes without labels");
    }
    Assembler a = new Assembler(text, image, spec);
    // hold-outs are drawn on the whole train split, by meme, before any image is dropped
    List<Meme> train = trainSplit.memes();
    List<Meme> carvedTest = List.of();
    if (spec.holdoutTest() > 0) {
      Stratified.Holdout h =
          Stratified.holdout(labels(train), spec.holdoutTest(), spec.splitSeed());
      carvedTest = pick(train, h.heldOut());
      train = pick(train, h.kept());
    }
    Stratified.Holdout h =
        Stratified.holdout(labels(train), spec.holdoutFraction(), spec.splitSeed() + 1);
    List<Meme> holdout = pick(train, h.heldOut());
    train = pick(train, h.kept());

    String testName;
    List<Meme> test;
    boolean testLabeled;
    List<Split> extras = new ArrayList<>(dataset.byRole(SplitRole.EXTRA));
    if (spec.holdoutTest() > 0) {
      testName = SweepContext.HOLDOUT_TEST;
      test = carvedTest;
      testLabeled = true;
      dataset.test().ifPresent(s -> extras.add(0, s));
    } else {
      testName = dataset.test().map(Split::name).orElse(null);
      test = dataset.test().map(Split::memes).orElse(null);
      testLabeled = dataset.test().map(Split::labeled).orElse(false);
    }
    Tests t = new Tests(testName, test, testLabeled);
    View withImages = a.view(true, trainSplit, train, holdout, devSplit, t, extras);
    View allMemes =
        spec.sameMemes() || !spec.usesImages()
            ? withImages
            : a.view(false, trainSplit, train, holdout, devSplit, t, extras);
    return new StudyData(withImages, allMemes, testName, testLabeled, a.rows, a.dropped);
  }

  /** The rows a model trains and is scored on. */
  public View view(HeadKind model) {
    return model.usesImage() ? withImages : allMemes;
  }

  /** 0 for the view with images, 1 for the all-memes view of text models (when it differs). */
  int viewIndex(HeadKind model) {
    return view(model) == withImages ? 0 : 1;
  }

  /** The distinct views (one, or two when text models keep memes without images). */
  public List<View> views() {
    return withImages == allMemes ? List.of(withImages) : List.of(withImages, allMemes);
  }

  /** Name of the test split ({@code holdout_test} when carved from train); null if none. */
  public String testName() {
    return testName;
  }

  public boolean testLabeled() {
    return testLabeled;
  }

  /** Rows per split as the image models see them (train after the hold-outs). */
  public Map<String, Integer> rows() {
    return rows;
  }

  /** Memes dropped per split for a missing image. */
  public Map<String, Integer> dropped() {
    return dropped;
  }

  private static int[] labels(List<Meme> memes) {
    int[] y = new int[memes.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = memes.get(i).label();
    }
    return y;
  }

  private static List<Meme> pick(List<Meme> memes, int[] rows) {
    List<Meme> out = new ArrayList<>(rows.length);
    for (int r : rows) {
      out.add(memes.get(r));
    }
    return out;
  }

  /** The test memes and how they are named; {@code memes} null when there is no test. */
  private record Tests(String name, List<Meme> memes, boolean labeled) {}

  /** Builds aligned feature rows and keeps the counts. */
  private static final class Assembler {
    final Map<String, FeatureMatrix> text;
    final Map<String, FeatureMatrix> image;
    final boolean useText;
    final boolean useImage;
    final Map<String, Map<String, Integer>> index = new HashMap<>();
    final Map<String, Integer> rows = new LinkedHashMap<>();
    final Map<String, Integer> dropped = new LinkedHashMap<>();

    Assembler(Map<String, FeatureMatrix> text, Map<String, FeatureMatrix> image, SweepSpec spec) {
      this.useText = spec.usesText();
      this.useImage = spec.usesImages();
      this.text = text;
      this.image = image;
    }

    View view(
        boolean withImages,
        Split trainSplit,
        List<Meme> train,
        List<Meme> holdout,
        Split dev,
        Tests test,
        List<Split> extras) {
      boolean count = withImages; // the image view's counts go into the context
      List<LabeledFeatures> extra = new ArrayList<>();
      for (Split s : extras) {
        extra.add(features(s.name(), s.name(), s.memes(), s.labeled(), withImages, count));
      }
      String trainName = trainSplit.name();
      return new View(
          features(trainName, trainName, train, true, withImages, count),
          features(SweepContext.THRESHOLD_HOLDOUT, trainName, holdout, true, withImages, count),
          features(dev.name(), dev.name(), dev.memes(), true, withImages, count),
          test.memes() == null
              ? null
              : features(
                  test.name(),
                  test.name().equals(SweepContext.HOLDOUT_TEST) ? trainName : test.name(),
                  test.memes(),
                  test.labeled(),
                  withImages,
                  count),
          extra);
    }

    /**
     * The features of {@code memes} (rows of the dataset split {@code source}) as split {@code
     * name}; memes without image features are dropped when {@code withImages}.
     */
    LabeledFeatures features(
        String name,
        String source,
        List<Meme> memes,
        boolean labeled,
        boolean withImages,
        boolean count) {
      FeatureMatrix t = useText ? matrix(text, source, "text") : null;
      FeatureMatrix v = useImage ? matrix(image, source, "image") : null;
      Map<String, Integer> ti = t == null ? null : index(source + "/text", t);
      Map<String, Integer> vi = v == null ? null : index(source + "/image", v);
      List<Meme> kept = new ArrayList<>(memes.size());
      for (Meme m : memes) {
        if (ti != null && !ti.containsKey(m.id())) {
          throw new IllegalArgumentException(
              "no text features for meme " + m.id() + " of split " + source);
        }
        if (vi != null && withImages && !vi.containsKey(m.id())) {
          continue;
        }
        kept.add(m);
      }
      if (count) {
        rows.put(name, kept.size());
        if (kept.size() < memes.size()) {
          dropped.put(name, memes.size() - kept.size());
        }
      }
      int n = kept.size();
      float[] tv = t == null ? null : new float[n * t.dim()];
      float[] vv = v == null || !withImages ? null : new float[n * v.dim()];
      int[] y = labeled ? new int[n] : null;
      List<String> ids = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Meme m = kept.get(i);
        ids.add(m.id());
        if (tv != null) {
          System.arraycopy(t.values(), ti.get(m.id()) * t.dim(), tv, i * t.dim(), t.dim());
        }
        if (vv != null) {
          System.arraycopy(v.values(), vi.get(m.id()) * v.dim(), vv, i * v.dim(), v.dim());
        }
        if (y != null) {
          y[i] = m.label();
        }
      }
      return new LabeledFeatures(
          name, ids, tv, t == null ? 0 : t.dim(), vv, vv == null ? 0 : v.dim(), y);
    }

    private static FeatureMatrix matrix(
        Map<String, FeatureMatrix> byName, String split, String modality) {
      FeatureMatrix m = byName.get(split);
      if (m == null) {
        throw new IllegalArgumentException("no " + modality + " features for split " + split);
      }
      return m;
    }

    private Map<String, Integer> index(String key, FeatureMatrix m) {
      return index.computeIfAbsent(
          key,
          k -> {
            Map<String, Integer> idx = new HashMap<>(m.rows() * 2);
            for (int i = 0; i < m.rows(); i++) {
              idx.put(m.ids().get(i), i);
            }
            return idx;
          });
    }
  }
}
