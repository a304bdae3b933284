package io.memefusion.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.data.SplitRole;
import io.memefusion.db.AnalysisDao;
import io.memefusion.db.Database;
import io.memefusion.db.MetricRow;
import io.memefusion.db.PredictionRow;
import io.memefusion.db.TrialRow;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.Claim;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepHost;
import io.memefusion.sweep.SweepSpec;
import io.memefusion.sweep.SweepStore;
import io.memefusion.sweep.TrialOutcome;
import io.memefusion.sweep.WorkerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Records a sweep through the harness's own write path ({@link SweepStore}: create, claim, epochs,
 * complete), with outcomes made up instead of trained: 4 models × 3 learning rates × 3 seeds on a
 * small data folder with dev and test jsonl files. Fusion models score higher and lr 0.001 wins on
 * dev. One dev meme has an XSS-shaped text and is confidently misclassified by every trial, so it
 * tops every "most wrong" list. Memes come in pairs sharing a text with opposite labels (text
 * confounders). {@link #analyze} stores the harness's analysis of a recorded sweep.
 */
final class SweepFixture {
  /** Where the finished sweeps ran (the running one recorded no host, as older sweeps did). */
  static final SweepHost HOST =
      SweepHost.builder()
          .cpu("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", 2)
          .tensorflow("2.18.0", "cpu")
          .precision("fp32")
          .threads(1)
          .memefusion("0.1.0-SNAPSHOT (git 0123abcd4567)")
          .build();

  static final String XSS_TEXT = "<script>alert(1)</script> look at this";
  static final String XSS_ID = "10006";
  static final double[] LRS = {0.0003, 0.001, 0.003};
  static final int EPOCHS = 6;
  static final double HOLDOUT_THRESHOLD = 0.42;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Memes of dev_unseen that are dev_seen memes too (ids 10020..10039). */
  static final int DEV_OVERLAP = 20;

  /** What was recorded: trial ids in ordinal order, and the claims still running. */
  record Recorded(long sweepId, List<Long> trialIds, List<Claim> running, boolean unseen) {}

  private SweepFixture() {}

  /**
   * The data folder: train, dev_seen, dev_unseen (half of it dev_seen memes) and test_seen jsonl
   * files (no images are needed here).
   */
  static void writeDataset(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Split s : splits(dir)) {
      List<String> lines = new ArrayList<>();
      for (Meme m : s.memes()) {
        ObjectNode row = JSON.createObjectNode();
        row.put("id", Integer.parseInt(m.id()))
            .put("img", m.img())
            .put("label", m.label())
            .put("text", m.text());
        lines.add(row.toString());
      }
      Files.write(s.file(), lines, StandardCharsets.UTF_8);
    }
  }

  /** The dataset of {@link #writeDataset}, as the harness loads it (its images are missing). */
  static Dataset dataset(Path dir) {
    return new Dataset("synthetic", dir, splits(dir));
  }

  private static List<Split> splits(Path dir) {
    return List.of(
        split(dir, "train", SplitRole.TRAIN, "train", 20, 30000),
        split(dir, "dev_seen", SplitRole.DEV, "dev", 40, 10000),
        split(dir, "dev_unseen", SplitRole.EXTRA, "dev", 40, 10000 + DEV_OVERLAP),
        split(dir, "test_seen", SplitRole.TEST, "test", 60, 20000));
  }

  /** A finished sweep ("done"), or one with 10 trials done, 2 running and the rest queued. */
  static Recorded record(Database db, Path dataDir, String name, boolean finished) {
    return record(db, dataDir, name, finished, false);
  }

  /**
   * As {@link #record(Database, Path, String, boolean)}; {@code unseen}: scored on dev_unseen too.
   */
  static Recorded record(Database db, Path dataDir, String name, boolean finished, boolean unseen) {
    ObjectNode spec = JSON.createObjectNode().put("name", name);
    ObjectNode params = spec.putObject("params");
    for (double lr : LRS) {
      params.withArray("lr").add(lr);
    }
    params.putArray("epochs").add(EPOCHS);
    params.putArray("patience").add(3);
    spec.putArray("seeds").add(0).add(1).add(2);
    SweepSpec parsed = SpecParser.parse(spec, "fixture spec");
    SweepContext context =
        SweepContext.builder()
            .dataset("synthetic", dataDir.toString(), "fixture-hash")
            .featuresKey("fixture-features")
            .trainSplit("train")
            .holdoutSplit(SweepContext.THRESHOLD_HOLDOUT)
            .devSplit("dev_seen")
            .testSplit("test_seen")
            .testLabeled(true)
            .extraSplits(unseen ? List.of("dev_unseen") : List.of())
            .rows(
                unseen
                    ? Map.of("train", 20, "dev_seen", 40, "test_seen", 60, "dev_unseen", 40)
                    : Map.of("train", 20, "dev_seen", 40, "test_seen", 60))
            .dropped(Map.of())
            .notes(List.of())
            // a running sweep stands for one from before memefusion recorded its host
            .host(finished ? HOST : null)
            .build();
    SweepStore store = new SweepStore(db);
    long sweepId = store.create(parsed, null, context.toJson());
    int total = parsed.trials().size();
    List<Claim> claims = store.claim(sweepId, WorkerId.current(0), finished ? total : 12);
    List<Long> ids = new ArrayList<>();
    List<Claim> running = new ArrayList<>();
    for (Claim c : claims) {
      ids.add(c.trialId());
      if (finished || c.ordinal() < 10) {
        finish(store, c, unseen);
      } else {
        running.add(c);
      }
    }
    return new Recorded(sweepId, ids, running, unseen);
  }

  /**
   * What {@code ./memefusion analyze} stores for a recorded sweep, after the modality-reliance rows
   * the runner's hook records per trial: shuffling a modality costs a head AUROC only if it reads
   * that modality (text 0.20, image 0.10, each fusion model both).
   */
  static SweepAnalysisResult analyze(Database db, Path dataDir, Recorded r) {
    AnalysisDao dao = db.jdbi().onDemand(AnalysisDao.class);
    for (TrialRow t : new SweepStore(db).trials(r.sweepId())) {
      if (!t.status().equals("done")) {
        continue;
      }
      for (String split : r.unseen() ? List.of("dev_seen", "dev_unseen") : List.of("dev_seen")) {
        for (String modality : List.of("text", "image")) {
          boolean reads =
              t.model().equals("early_fusion")
                  || t.model().equals("late_fusion")
                  || t.model().equals(modality);
          double drop = reads ? (modality.equals("text") ? 0.20 : 0.10) + 0.01 * t.seed() : 0;
          dao.upsertReliance(
              new AnalysisDao.RelianceRow(
                  t.id(), split, modality, 5, 2020, 0.8, 0.8 - drop, drop, reads ? 0.02 : 0));
        }
      }
    }
    return new SweepAnalysis(db.jdbi(), new AnalysisSettings(1000, 2020, true, 0.95, 10))
        .analyze(
            new SweepResultsQuery(db.jdbi()).results(r.sweepId()), Optional.of(dataset(dataDir)));
  }

  /** Records a claimed trial's epochs and outcome, as a worker finishing it would. */
  static void finish(SweepStore store, Claim c, boolean unseen) {
    int lr = lrIndex(c.hp().learningRate());
    // the middle learning rate is best; fusion models separate the classes better
    double skill = 0.8 + 0.35 * c.model().ordinal() - 0.3 * Math.abs(lr - 1) + 0.05 * c.seed();
    for (int e = 1; e <= EPOCHS; e++) {
      double late = Math.max(0, e - EPOCHS + 2);
      store.recordEpoch(
          c,
          e,
          0.69 * Math.exp(-0.25 * e) + 0.1,
          0.6 - 0.03 * e + 0.036 * late,
          0.55 + 0.04 * e - 0.07 * late);
    }
    Random random = new Random(1000L * c.ordinal() + 7);
    List<MetricRow> metrics = new ArrayList<>();
    List<PredictionRow> predictions = new ArrayList<>();
    score(c.trialId(), "dev_seen", 40, 10000, skill, random, metrics, predictions);
    score(c.trialId(), "test_seen", 60, 20000, skill, random, metrics, predictions);
    if (unseen) {
      score(
          c.trialId(), "dev_unseen", 40, 10000 + DEV_OVERLAP, skill, random, metrics, predictions);
    }
    ObjectNode timings = JSON.createObjectNode().put("train_s", 1.5).put("score_s", 0.1);
    store.complete(c, new TrialOutcome(EPOCHS - 2, metrics, predictions, timings));
  }

  private static int lrIndex(double lr) {
    for (int i = 0; i < LRS.length; i++) {
      if (Math.abs(LRS[i] - lr) < 1e-12) {
        return i;
      }
    }
    throw new IllegalArgumentException("lr " + lr);
  }

  private static void score(
      long trialId,
      String split,
      int n,
      int firstId,
      double skill,
      Random random,
      List<MetricRow> metrics,
      List<PredictionRow> predictions) {
    int[] labels = new int[n];
    float[] proba = new float[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      String memeId = Integer.toString(firstId + i);
      double logit = skill * (2 * labels[i] - 1) + random.nextGaussian();
      proba[i] = memeId.equals(XSS_ID) ? 0.995f : (float) (1 / (1 + Math.exp(-logit)));
      predictions.add(new PredictionRow(trialId, split, memeId, labels[i], proba[i]));
    }
    double auroc = auroc(labels, proba);
    for (String rule : new String[] {"fixed_0.5", "train_holdout"}) {
      double threshold = rule.equals("fixed_0.5") ? 0.5 : HOLDOUT_THRESHOLD;
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (int i = 0; i < n; i++) {
        boolean hateful = proba[i] >= threshold;
        tp += hateful && labels[i] == 1 ? 1 : 0;
        fp += hateful && labels[i] == 0 ? 1 : 0;
        fn += !hateful && labels[i] == 1 ? 1 : 0;
      }
      double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
      double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      double accuracy = (double) (n - fp - fn) / n;
      metrics.add(
          new MetricRow(
              trialId, split, rule, threshold, n, accuracy, precision, recall, f1, auroc));
    }
  }

  /** Mann-Whitney AUROC over all positive/negative pairs, ties counted half. */
  static double auroc(int[] labels, float[] proba) {
    double wins = 0;
    int pairs = 0;
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        if (labels[i] == 1 && labels[j] == 0) {
          pairs++;
          wins += proba[i] > proba[j] ? 1 : proba[i] == proba[j] ? 0.5 : 0;
        }
      }
    }
    return wins / pairs;
  }

  /**
   * {@code n} memes from id {@code firstId} (even): labels alternate 0, 1 and each pair (2k, 2k +
   * 1) shares its text, so the same text carries both labels.
   */
  private static Split split(
      Path dir, String name, SplitRole role, String prefix, int n, int firstId) {
    List<Meme> memes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = firstId + i;
      String text =
          Integer.toString(id).equals(XSS_ID)
              ? XSS_TEXT
              : prefix + " meme number " + (id % 1000) / 2 + " & friends";
      memes.add(new Meme(Integer.toString(id), "img/" + id + ".png", id % 2, text));
    }
    return new Split(name, role, dir.resolve(name + ".jsonl"), "sha-" + name, memes);
  }
}
