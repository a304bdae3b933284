package io.memefusion.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.RelianceRecorder;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.DemoDataset;
import io.memefusion.data.LayoutOptions;
import io.memefusion.db.Database;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.Pooling;
import io.memefusion.features.build.BertGraph;
import io.memefusion.features.build.ResNetGraph;
import io.memefusion.features.cache.FeatureCache;
import io.memefusion.features.extraction.FeatureExtractor;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.features.tf.SavedModelImageEncoder;
import io.memefusion.features.tf.SavedModelTextEncoder;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.StudyFeatures;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.SweepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A real small study, made the way a student makes one: the synthetic demo dataset (one dev_seen
 * caption rewritten to an XSS-shaped text before embedding), tiny random-weight BERT and ResNet
 * SavedModels from the harness's builders, features from the {@link FeatureExtractor}, and sweeps
 * trained and recorded by {@link Study} with modality reliance measured on every scored trial. The
 * dashboard then reads only what the harness wrote.
 */
final class DemoStudy {
  static final String XSS_TEXT = "<script>alert(1)</script> look at this";

  /** 200 memes: train 120, dev_seen 40, test_seen 40; small pictures. */
  static final DemoDataset.Config DATA = new DemoDataset.Config(200, 42, 96);

  /** 4 models × 3 learning rates × 2 seeds = 24 trials. */
  static final int TRIALS = 24;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CORES = 2;

  private final Database db;
  private final Dataset dataset;
  private final StudyFeatures features;
  private final Study study;
  private final String xssId;

  private DemoStudy(
      Database db, Dataset dataset, StudyFeatures features, Study study, String xssId) {
    this.db = db;
    this.dataset = dataset;
    this.features = features;
    this.study = study;
    this.xssId = xssId;
  }

  /** Writes the demo data into {@code dir}/demo, builds the encoders and embeds every split. */
  static DemoStudy prepare(Database db, Path dir) throws IOException {
    Path data = dir.resolve("demo");
    DemoDataset.Plan plan = DemoDataset.write(data, DATA, CORES, Progress.NONE);
    // a hateful-by-its-text meme loses its text: the text-reading models get it badly wrong
    String xssId =
        plan.split("dev_seen").stream()
            .filter(m -> m.kind() == DemoDataset.Kind.TEXT_HATEFUL)
            .findFirst()
            .orElseThrow()
            .id();
    rewriteCaption(data.resolve("dev_seen.jsonl"), xssId, XSS_TEXT);
    Dataset dataset = DatasetLoader.load(data, LayoutOptions.defaults());

    Path bert = dir.resolve("models/tiny-bert");
    List<String> vocab = vocabulary(plan);
    BertGraph.export(
        BertGraph.Config.tiny(vocab.size(), 11), BertGraph.Flavour.TF2_HUB, vocab, bert);
    Path resnet = dir.resolve("models/tiny-resnet");
    ResNetGraph.export(new ResNetGraph.Config(18, 4, 64, 7), resnet);

    EncoderOptions options =
        EncoderOptions.defaults(CORES)
            .withTextBatch(32)
            .withImageBatch(16)
            .withPooling(Pooling.MEAN);
    FeatureCache cache = new FeatureCache(dir.resolve("cache"), db.jdbi());
    EmbeddedDataset embedded;
    try (SavedModelTextEncoder text =
            SavedModelTextEncoder.open(
                "tiny-bert", bert, "tiny-bert-11", false, "random weights", true, options);
        SavedModelImageEncoder image =
            SavedModelImageEncoder.open(
                "tiny-resnet",
                resnet,
                "tiny-resnet-7",
                false,
                "random weights",
                ImagePreprocessing.imagenet(64),
                options)) {
      embedded = new FeatureExtractor(cache, options).embed(dataset, text, image, Progress.NONE);
    }
    HeadTrainer trainer = new HeadTrainer(1);
    // as the sweep commands run it: modality reliance measured on every scored trial
    RelianceRecorder reliance = RelianceRecorder.defaults(db.jdbi());
    Study study =
        new Study(db, () -> trainer, (id, head, splits) -> reliance.record(id, head, splits));
    return new DemoStudy(db, dataset, StudyFeatures.of(embedded), study, xssId);
  }

  /** The dev_seen meme whose caption is {@link #XSS_TEXT}. */
  String xssId() {
    return xssId;
  }

  Dataset dataset() {
    return dataset;
  }

  /**
   * Creates a sweep and trains its trials in this thread; {@code maxTrials} above 0 stops after
   * that many and leaves the rest queued (the sweep stays "running", as when a worker is still
   * busy).
   */
  long run(String name, int maxTrials) {
    return study.run(dataset, features, spec(name), options(maxTrials), Progress.NONE);
  }

  /** A finished sweep of its own grid: {@code params} as {@code --param} gives them. */
  long run(String name, List<String> params) {
    return study.run(dataset, features, spec(name, params), options(0), Progress.NONE);
  }

  /** A worker joining sweep {@code id} for {@code maxTrials} more trials. */
  void work(long id, int maxTrials) {
    study.work(id, dataset, features, options(maxTrials), Progress.NONE);
  }

  /** What {@code ./memefusion analyze --sweep ID} stores: the analysis of the chosen trials. */
  SweepAnalysisResult analyze(long id) {
    return new SweepAnalysis(db.jdbi(), new AnalysisSettings(1000, 2020, true, 0.95, 10))
        .analyze(new SweepResultsQuery(db.jdbi()).results(id), Optional.of(dataset));
  }

  private static SweepRunner.Options options(int maxTrials) {
    return SweepRunner.Options.defaults().withWorkers(1).withGroupSize(4).withMaxTrials(maxTrials);
  }

  private static SweepSpec spec(String name) {
    return spec(
        name,
        List.of(
            "hidden=32",
            "lr=0.01,0.03,0.1",
            "dropout=0.1",
            "batch_size=32",
            "epochs=20",
            "patience=6"));
  }

  private static SweepSpec spec(String name, List<String> params) {
    ObjectNode tree = JSON.createObjectNode().put("name", name).put("seeds", 2);
    for (String p : params) {
      SpecParser.applyParam(tree, p);
    }
    return SpecParser.parse(tree, "demo study");
  }

  /** The words of every demo caption: the tiny BERT then tells the caption concepts apart. */
  private static List<String> vocabulary(DemoDataset.Plan plan) {
    TreeSet<String> words = new TreeSet<>();
    for (DemoDataset.DemoMeme m : plan.memes()) {
      for (String w : m.text().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!w.isEmpty()) {
          words.add(w);
        }
      }
    }
    words.addAll(List.of("script", "alert", "look", "at", "this"));
    return BertGraph.vocabulary(104 + words.size() + 16, new ArrayList<>(words));
  }

  /** Replaces the text of meme {@code id} in a jsonl split file. */
  private static void rewriteCaption(Path jsonl, String id, String text) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(jsonl, StandardCharsets.UTF_8));
    for (int i = 0; i < lines.size(); i++) {
      ObjectNode row = (ObjectNode) JSON.readTree(lines.get(i));
      if (row.get("id").asText().equals(id)) {
        lines.set(i, JSON.writeValueAsString(row.put("text", text)));
        Files.write(jsonl, lines, StandardCharsets.UTF_8);
        return;
      }
    }
    throw new IllegalStateException("no meme " + id + " in " + jsonl);
  }
}
