package io.memefusion.sweep;

import io.memefusion.UserException;
import io.memefusion.config.Build;
import io.memefusion.data.Dataset;
import io.memefusion.db.Database;
import io.memefusion.db.DatasetDao;
import io.memefusion.db.SweepRow;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The study as a service: creates a sweep for a dataset and its features, works on it, and prints
 * its tables. Used by {@code sweep start/work/resume} and by {@code run}.
 */
public final class Study {
  private final Database database;
  private final SweepStore store;
  private final Supplier<HeadTrainer> trainer;
  private final ScoredTrialListener listener;
  private final String memefusion;

  /**
   * {@code trainer} is asked for a trainer only when trials are run; {@code listener} hears of each
   * scored trial while its head is open (modality reliance).
   */
  public Study(Database database, Supplier<HeadTrainer> trainer, ScoredTrialListener listener) {
    this(database, trainer, listener, Build.version());
  }

  /**
   * {@code memefusion} is the build as a sweep's context records it (version and git commit, see
   * {@link Build#describe}).
   */
  public Study(
      Database database,
      Supplier<HeadTrainer> trainer,
      ScoredTrialListener listener,
      String memefusion) {
    this.database = database;
    this.store = new SweepStore(database);
    this.trainer = trainer;
    this.listener = listener;
    this.memefusion = memefusion;
  }

  public Study(Database database, Supplier<HeadTrainer> trainer) {
    this(database, trainer, ScoredTrialListener.NONE);
  }

  /** With one TF thread per op per session: run one worker per core. */
  public Study(Database database) {
    this(database, () -> new HeadTrainer(1));
  }

  public SweepStore store() {
    return store;
  }

  /** Creates the sweep, runs it in this process and returns its id. */
  public long run(
      Dataset dataset,
      SweepFeatures features,
      SweepSpec spec,
      SweepRunner.Options options,
      Progress progress) {
    Map<TextRecipe, StudyData> data = assemble(dataset, features, spec);
    long id = create(dataset, features, spec, data.values().iterator().next());
    work(id, data, spec, options, progress);
    return id;
  }

  /**
   * {@link #run(Dataset, SweepFeatures, SweepSpec, SweepRunner.Options, Progress)} on one recipe.
   */
  public long run(
      Dataset dataset,
      StudyFeatures features,
      SweepSpec spec,
      SweepRunner.Options options,
      Progress progress) {
    return run(dataset, single(features, spec), spec, options, progress);
  }

  /** Creates the sweep on an embedded dataset, runs it in this process and returns its id. */
  public long run(
      EmbeddedDataset embedded, SweepSpec spec, SweepRunner.Options options, Progress progress) {
    return run(embedded.dataset(), StudyFeatures.of(embedded), spec, options, progress);
  }

  /** Creates the sweep with its trials queued (no training); returns its id. */
  public long create(Dataset dataset, SweepFeatures features, SweepSpec spec) {
    checkRecipes(features, spec);
    StudyFeatures first = features.first();
    return create(
        dataset, features, spec, StudyData.assemble(dataset, first.text(), first.image(), spec));
  }

  /** {@link #create(Dataset, SweepFeatures, SweepSpec)} for a sweep with one text recipe. */
  public long create(Dataset dataset, StudyFeatures features, SweepSpec spec) {
    return create(dataset, single(features, spec), spec);
  }

  private long create(Dataset dataset, SweepFeatures features, SweepSpec spec, StudyData data) {
    SweepContext context =
        SweepContext.builder()
            .dataset(dataset.name(), dataset.root().toString(), dataset.contentHash())
            .featuresKey(features.key())
            .trainSplit(dataset.train().name())
            .holdoutSplit(SweepContext.THRESHOLD_HOLDOUT)
            .devSplit(dataset.dev().orElseThrow().name())
            .testSplit(data.testName())
            .datasetTest(dataset.test().map(s -> s.name()).orElse(null))
            .testLabeled(data.testLabeled())
            .extraSplits(data.views().get(0).extras().stream().map(f -> f.split()).toList())
            .rows(data.rows())
            .dropped(data.dropped())
            .holdoutTest(spec.holdoutTest())
            .features(features.description())
            .notes(features.notes())
            .host(SweepHost.probe(trainer.get().withPrecision(spec.precision()), memefusion))
            .build();
    long datasetId = database.jdbi().withExtension(DatasetDao.class, d -> d.record(dataset));
    if (features.first().sets().isEmpty()) {
      return store.create(spec, datasetId, context.toJson());
    }
    // the sweep fixes its memes and feature sets: workers anywhere run on exactly these
    SweepInputs.recordMemes(database.jdbi(), datasetId, dataset);
    return store.create(spec, datasetId, context.toJson(), SweepInputs.pins(features));
  }

  /**
   * Joins an existing sweep as a worker: checks that {@code dataset} and {@code features} are the
   * ones it was created with, then runs trials until none is queued.
   */
  public SweepRunner.Summary work(
      long sweepId,
      Dataset dataset,
      SweepFeatures features,
      SweepRunner.Options options,
      Progress progress) {
    SweepRow row = store.sweep(sweepId);
    SweepSpec spec = spec(row);
    checkRecipes(features, spec);
    SweepContext context = SweepContext.fromJson(row.context());
    if (!context.datasetHash().equals(dataset.contentHash())) {
      throw new UserException(
          "sweep "
              + sweepId
              + " was created on other data ("
              + context.datasetRoot()
              + "); "
              + dataset.root()
              + " differs in its split files");
    }
    if (!context.featuresKey().equals(features.key())) {
      throw new UserException(
          "sweep " + sweepId + " was created with other features (encoders or preprocessing)");
    }
    return work(sweepId, assemble(dataset, features, spec), spec, options, progress);
  }

  /** {@link #work(long, Dataset, SweepFeatures, SweepRunner.Options, Progress)} on one recipe. */
  public SweepRunner.Summary work(
      long sweepId,
      Dataset dataset,
      StudyFeatures features,
      SweepRunner.Options options,
      Progress progress) {
    return work(sweepId, dataset, single(features, spec(sweepId)), options, progress);
  }

  /** The rows each text recipe's trials train on, in the recipes' order. */
  private static Map<TextRecipe, StudyData> assemble(
      Dataset dataset, SweepFeatures features, SweepSpec spec) {
    Map<TextRecipe, StudyData> data = new LinkedHashMap<>();
    for (int i = 0; i < features.recipes().size(); i++) {
      StudyFeatures f = features.byRecipe().get(i);
      data.put(features.recipes().get(i), StudyData.assemble(dataset, f.text(), f.image(), spec));
    }
    return data;
  }

  /** Features of a sweep with one text recipe (the spec's). */
  private static SweepFeatures single(StudyFeatures features, SweepSpec spec) {
    if (spec.textRecipes().size() > 1) {
      throw new UserException(
          "sweep \""
              + spec.name()
              + "\" compares "
              + spec.textRecipes().size()
              + " text recipes: it needs the features of each");
    }
    return SweepFeatures.of(spec.textRecipes().get(0), features);
  }

  /** Refuses features that lack a text recipe the spec compares. */
  private static void checkRecipes(SweepFeatures features, SweepSpec spec) {
    if (spec.usesText() && !features.recipes().equals(spec.textRecipes())) {
      throw new UserException(
          "sweep \""
              + spec.name()
              + "\" compares text recipes "
              + spec.textRecipes().stream().map(TextRecipe::id).toList()
              + ", the features have "
              + features.recipes().stream().map(TextRecipe::id).toList());
    }
  }

  private SweepRunner.Summary work(
      long sweepId,
      Map<TextRecipe, StudyData> data,
      SweepSpec spec,
      SweepRunner.Options options,
      Progress progress) {
    HeadTrainer heads = trainer.get().withPrecision(spec.precision());
    if (options.groupSize() == 0) {
      options = options.withGroupSize(spec.largestGraphGroup(SweepRunner.AUTO_GROUP_CAP));
    }
    SweepRunner runner = new SweepRunner(store, data, heads, options, listener);
    return runner.work(sweepId, WorkerId.current(0), progress);
  }

  /** The spec a sweep was created with. */
  public SweepSpec spec(long sweepId) {
    return spec(store.sweep(sweepId));
  }

  private static SweepSpec spec(SweepRow row) {
    return SpecParser.parse(row.spec(), "sweep " + row.id() + " spec");
  }
}
