package io.memefusion.sweep;

import io.memefusion.UserException;
import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.data.SplitRole;
import io.memefusion.db.DatasetDao;
import io.memefusion.db.SweepInputDao;
import io.memefusion.db.SweepRow;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.FeatureSetRef;
import io.memefusion.features.Modality;
import io.memefusion.features.TextRecipe;
import io.memefusion.features.cache.FeatureCache;
import io.memefusion.features.extraction.FeatureExtractor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * What a sweep runs on, fixed when it starts: its dataset's memes (ids, labels, texts, splits) and
 * its exact feature sets, both in the database. A worker runs from these alone, with no dataset
 * folder and no model; a worker that has the dataset folder checks it against them and refuses,
 * naming what differs, rather than mixing trials scored on other memes or features.
 */
public final class SweepInputs {
  private SweepInputs() {}

  /** A sweep's dataset and features (each text recipe's) as a worker trains on them. */
  public record Inputs(Dataset dataset, SweepFeatures features) {}

  /** Recomputes the feature sets of a dataset (extraction under the sets' locks). */
  public interface Recompute {
    void embed(Dataset dataset);
  }

  /** Stores the memes of {@code dataset} once (its split files fix them). */
  static void recordMemes(Jdbi jdbi, long datasetId, Dataset dataset) {
    jdbi.useTransaction(
        h -> {
          SweepInputDao d = h.attach(SweepInputDao.class);
          if (d.memeCount(datasetId) > 0) {
            return;
          }
          List<SweepInputDao.MemeRow> rows = new ArrayList<>();
          for (Split s : dataset.splits()) {
            for (Meme m : s.memes()) {
              rows.add(
                  new SweepInputDao.MemeRow(
                      s.name(), rows.size(), m.id(), m.img(), m.label(), m.text()));
            }
          }
          d.insertMemes(datasetId, rows);
        });
  }

  /**
   * The sets a sweep runs on: each recipe's text sets, named by recipe, and the image sets once.
   */
  static List<SweepInputDao.FeatureSetPin> pins(SweepFeatures features) {
    List<SweepInputDao.FeatureSetPin> out = new ArrayList<>();
    java.util.Set<String> images = new java.util.HashSet<>();
    // the lab's single cls/last pins its text sets as before: '' (the sweep's only recipe)
    boolean named = !features.recipes().equals(List.of(TextRecipe.DEFAULT));
    for (int i = 0; i < features.recipes().size(); i++) {
      String recipe = named ? features.recipes().get(i).id() : "";
      for (FeatureSetRef r : features.byRecipe().get(i).sets()) {
        boolean text = r.modality() == Modality.TEXT;
        if (text || images.add(r.split())) {
          out.add(
              new SweepInputDao.FeatureSetPin(
                  r.modality().dbName(),
                  r.split(),
                  r.cacheKey(),
                  r.splitHash(),
                  r.sha256(),
                  r.rows(),
                  text ? recipe : ""));
        }
      }
    }
    return out;
  }

  /**
   * The inputs of sweep {@code row} for a worker; empty for a sweep created before sweeps kept
   * their inputs (the worker then needs the dataset folder). {@code localDir}: the dataset folder
   * on this machine, or null; {@code recompute}: null when this worker cannot extract features (no
   * dataset folder).
   */
  public static Optional<Inputs> load(
      Jdbi jdbi,
      SweepRow row,
      Path localDir,
      FeatureCache cache,
      Recompute recompute,
      Consumer<String> warn) {
    long id = row.id();
    List<SweepInputDao.FeatureSetPin> pins =
        jdbi.withExtension(SweepInputDao.class, d -> d.pins(id));
    if (pins.isEmpty() || row.datasetId() == null) {
      return Optional.empty();
    }
    SweepContext ctx = SweepContext.fromJson(row.context());
    Path root = localDir != null ? localDir : Path.of(ctx.datasetRoot());
    Dataset dataset = stored(jdbi, row.datasetId(), ctx.datasetName(), root);
    if (localDir != null) {
      check(id, dataset, localDir, ctx, pins);
    }
    SweepSpec spec = SpecParser.parse(row.spec(), "sweep " + id + " spec");
    List<TextRecipe> recipes = spec.textRecipes();
    Map<TextRecipe, Map<String, FeatureMatrix>> text = new LinkedHashMap<>();
    Map<TextRecipe, List<FeatureSetRef>> textRefs = new LinkedHashMap<>();
    for (TextRecipe r : recipes) {
      text.put(r, new LinkedHashMap<>());
      textRefs.put(r, new ArrayList<>());
    }
    Map<String, FeatureMatrix> image = new LinkedHashMap<>();
    List<FeatureSetRef> imageRefs = new ArrayList<>();
    boolean recomputed = false;
    for (SweepInputDao.FeatureSetPin p : pins) {
      Optional<FeatureCache.Hit> hit = cache.loadStored(p.cacheKey(), what(p), warn);
      if (hit.isEmpty() && recompute != null && !recomputed) {
        recompute.embed(dataset);
        recomputed = true;
        hit = cache.loadStored(p.cacheKey(), what(p), warn);
      }
      FeatureCache.Hit h = checked(id, p, hit, recompute != null);
      if (p.modality().equals(Modality.TEXT.dbName())) {
        TextRecipe r = recipe(id, p, recipes);
        text.get(r).put(p.split(), h.matrix());
        textRefs.get(r).add(h.ref());
      } else {
        image.put(p.split(), h.matrix());
        imageRefs.add(h.ref());
      }
    }
    boolean images = !imageRefs.isEmpty();
    List<StudyFeatures> byRecipe = new ArrayList<>();
    for (TextRecipe r : recipes) {
      List<FeatureSetRef> refs = new ArrayList<>(textRefs.get(r));
      refs.addAll(imageRefs);
      byRecipe.add(
          new StudyFeatures(
              text.get(r),
              images ? image : null,
              ctx.featuresKey(),
              ctx.features(),
              ctx.notes(),
              refs));
    }
    return Optional.of(
        new Inputs(
            dataset,
            new SweepFeatures(recipes, byRecipe, ctx.featuresKey(), ctx.features(), ctx.notes())));
  }

  /** "text features of split train" (with its recipe when it has one). */
  private static String what(SweepInputDao.FeatureSetPin p) {
    return p.modality()
        + " features of split "
        + p.split()
        + (p.textRecipe().isEmpty() ? "" : " (" + p.textRecipe() + ")");
  }

  /** The recipe of a text set: the sweep's only one, or the one it is pinned under. */
  private static TextRecipe recipe(
      long id, SweepInputDao.FeatureSetPin p, List<TextRecipe> recipes) {
    if (recipes.size() == 1) {
      return recipes.get(0); // also the text sets pinned before sweeps compared recipes
    }
    TextRecipe r = p.textRecipe().isEmpty() ? null : TextRecipe.parse(p.textRecipe());
    if (r == null || !recipes.contains(r)) {
      throw new UserException(
          "sweep " + id + ": its " + what(p) + " belong to none of its text recipes " + recipes);
    }
    return r;
  }

  /** The loaded set, or one line on why it cannot be used. */
  private static FeatureCache.Hit checked(
      long id, SweepInputDao.FeatureSetPin p, Optional<FeatureCache.Hit> hit, boolean canEmbed) {
    if (hit.isEmpty()) {
      throw new UserException(
          "sweep "
              + id
              + ": the stored "
              + what(p)
              + " are missing or damaged and cannot be computed here"
              + (!canEmbed
                  ? " (no dataset folder or model): run `memefusion sweep work "
                      + id
                      + " --data DIR` where the dataset and its model are"
                  : " with the same model"));
    }
    if (!hit.get().ref().sha256().equals(p.fileSha256())) {
      throw new UserException(
          "sweep "
              + id
              + ": the "
              + what(p)
              + " now stored differ from those the sweep started with (recomputed since,"
              + " on another machine?): start a new sweep");
    }
    return hit.get();
  }

  /** How many stored sets the features are (each recipe's text sets, the image sets once). */
  public static int setCount(SweepFeatures features) {
    return pins(features).size();
  }

  /** The dataset as stored with the sweep, its images looked for under {@code root}. */
  static Dataset stored(Jdbi jdbi, long datasetId, String name, Path root) {
    List<DatasetDao.SplitRow> splits =
        jdbi.withExtension(DatasetDao.class, d -> d.splits(datasetId));
    Map<String, List<Meme>> memes = new LinkedHashMap<>();
    for (SweepInputDao.MemeRow m :
        jdbi.withExtension(SweepInputDao.class, d -> d.memes(datasetId))) {
      memes
          .computeIfAbsent(m.split(), k -> new ArrayList<>())
          .add(new Meme(m.memeId(), m.img(), m.label(), m.text()));
    }
    List<Split> out = new ArrayList<>();
    // the loader's order: train, dev, test, then extras by name (the content hash depends on it)
    splits.stream()
        .sorted(
            Comparator.comparing((DatasetDao.SplitRow s) -> role(s).ordinal())
                .thenComparing(DatasetDao.SplitRow::split))
        .forEach(
            s ->
                out.add(
                    new Split(
                        s.split(),
                        role(s),
                        root.resolve(s.fileName()),
                        s.sha256(),
                        memes.getOrDefault(s.split(), List.of()))));
    return new Dataset(name, root, out);
  }

  /** Refuses a dataset folder whose split files or images differ from the sweep's. */
  private static void check(
      long id, Dataset stored, Path dir, SweepContext ctx, List<SweepInputDao.FeatureSetPin> pins) {
    Dataset local =
        io.memefusion.data.DatasetLoader.load(
            dir,
            new io.memefusion.data.LayoutOptions(
                ctx.trainSplit(),
                ctx.devSplit(),
                ctx.datasetTest() == null
                    ? io.memefusion.data.LayoutOptions.NONE
                    : ctx.datasetTest()));
    for (Split s : stored.splits()) {
      Optional<Split> mine = local.split(s.name());
      if (mine.isEmpty()) {
        throw new UserException(
            "sweep " + id + " ran on split " + s.name() + ", which " + dir + " does not have");
      }
      if (!mine.get().sha256().equals(s.sha256())) {
        throw new UserException(
            "sweep "
                + id
                + " started with another "
                + mine.get().file().getFileName()
                + ": the one in "
                + dir
                + " differs (its memes would differ)");
      }
    }
    for (SweepInputDao.FeatureSetPin p : pins) {
      if (!p.modality().equals(Modality.IMAGE.dbName())) {
        continue;
      }
      Split s = stored.split(p.split()).orElseThrow();
      if (!FeatureExtractor.imageHash(stored, s).equals(p.splitHash())) {
        throw new UserException(
            String.format(
                Locale.ROOT,
                "sweep %d started with other images of split %s: an image file in %s was added,"
                    + " removed or changed since (its %d rows of image features would differ)",
                id,
                s.name(),
                dir,
                p.rows()));
      }
    }
  }

  private static SplitRole role(DatasetDao.SplitRow s) {
    return SplitRole.valueOf(s.role().toUpperCase(Locale.ROOT));
  }
}
