package io.memefusion.sweep;

import io.memefusion.UserException;
import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.data.SplitRole;
import io.memefusion.db.DatasetDao;
import io.memefusion.db.SweepInputDao;
import io.memefusion.db.SweepRow;
import io.memefusion.features.FeatureExtractor;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.FeatureSetRef;
import io.memefusion.features.Modality;
import io.memefusion.features.cache.FeatureCache;
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

  /** A sweep's dataset and features as a worker trains on them. */
  public record Inputs(Dataset dataset, StudyFeatures features) {}

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

  static List<SweepInputDao.FeatureSetPin> pins(List<FeatureSetRef> sets) {
    return sets.stream()
        .map(
            r ->
                new SweepInputDao.FeatureSetPin(
                    r.modality().dbName(),
                    r.split(),
                    r.cacheKey(),
                    r.splitHash(),
                    r.sha256(),
                    r.rows()))
        .toList();
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
    Map<String, FeatureMatrix> text = new LinkedHashMap<>();
    Map<String, FeatureMatrix> image = new LinkedHashMap<>();
    List<FeatureSetRef> refs = new ArrayList<>();
    boolean recomputed = false;
    for (SweepInputDao.FeatureSetPin p : pins) {
      String what = p.modality() + " features of split " + p.split();
      Optional<FeatureCache.Hit> hit = cache.loadStored(p.cacheKey(), what, warn);
      if (hit.isEmpty() && recompute != null && !recomputed) {
        recompute.embed(dataset);
        recomputed = true;
        hit = cache.loadStored(p.cacheKey(), what, warn);
      }
      if (hit.isEmpty()) {
        throw new UserException(
            "sweep "
                + id
                + ": the stored "
                + what
                + " are missing or damaged and cannot be computed here"
                + (recompute == null
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
                + what
                + " now stored differ from those the sweep started with (recomputed since,"
                + " on another machine?): start a new sweep");
      }
      (p.modality().equals(Modality.TEXT.dbName()) ? text : image)
          .put(p.split(), hit.get().matrix());
      refs.add(hit.get().ref());
    }
    boolean images = pins.stream().anyMatch(p -> p.modality().equals(Modality.IMAGE.dbName()));
    return Optional.of(
        new Inputs(
            dataset,
            new StudyFeatures(
                text,
                images ? image : null,
                ctx.featuresKey(),
                ctx.features(),
                ctx.notes(),
                refs)));
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
