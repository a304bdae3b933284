package io.memefusion.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Records a sweep the way the harness does, through plain INSERTs: a dataset with dev and test
 * jsonl files, 4 models × 3 configurations × 3 seeds, epoch curves, predictions and the metrics
 * computed from them. One dev meme has an XSS-shaped text and is confidently misclassified by every
 * trial, so it tops every "most wrong" list.
 */
final class SweepFixture {
  static final String XSS_TEXT = "<script>alert(1)</script> look at this";
  static final String XSS_ID = "10006";
  static final String[] MODELS = {"text", "image", "early_fusion", "late_fusion"};
  static final double[] LRS = {0.0003, 0.001, 0.003};
  static final int SEEDS = 3;
  static final int EPOCHS = 6;
  static final double HOLDOUT_THRESHOLD = 0.42;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was recorded; {@code bestLr} is the learning rate whose configuration wins on dev. */
  record Recorded(long sweepId, List<Long> trialIds, double bestLr) {}

  private SweepFixture() {}

  /** The dataset split files, written once per folder. */
  static void writeDataset(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("dev.jsonl"), jsonl("dev", 40, 10000), StandardCharsets.UTF_8);
    Files.write(dir.resolve("test.jsonl"), jsonl("test", 60, 20000), StandardCharsets.UTF_8);
  }

  static Recorded record(Jdbi jdbi, Path datasetDir, String name, String status) {
    return jdbi.inTransaction(h -> record(h, datasetDir, name, status));
  }

  private static Recorded record(Handle h, Path dir, String name, String status) {
    long datasetId =
        h.createQuery(
                "INSERT INTO dataset (name, root, content_hash) VALUES ('synthetic', :root, :hash)"
                    + " ON CONFLICT (root, content_hash) DO UPDATE SET name = excluded.name"
                    + " RETURNING id")
            .bind("root", dir.toString())
            .bind("hash", "fixture")
            .mapTo(Long.class)
            .one();
    h.execute(
        "INSERT INTO dataset_split (dataset_id, split, role, file_name, sha256, rows, positives,"
            + " labeled) VALUES (?, 'dev_seen', 'dev', 'dev.jsonl', 'x', 40, 20, true),"
            + " (?, 'test_seen', 'test', 'test.jsonl', 'y', 60, 30, true) ON CONFLICT DO NOTHING",
        datasetId,
        datasetId);
    OffsetDateTime start = OffsetDateTime.of(2025, 3, 14, 9, 30, 0, 0, ZoneOffset.UTC);
    boolean running = status.equals("running");
    long sweepId =
        h.createQuery(
                "INSERT INTO sweep (name, dataset_id, spec, status, started_at, finished_at)"
                    + " VALUES (:name, :ds, CAST(:spec AS jsonb), :status, :start, :end)"
                    + " RETURNING id")
            .bind("name", name)
            .bind("ds", datasetId)
            .bind("spec", "{\"search\":\"grid\",\"seeds\":3}")
            .bind("status", status)
            .bind("start", start)
            .bind("end", running ? null : start.plusMinutes(7).plusSeconds(12))
            .mapTo(Long.class)
            .one();
    List<Long> ids = new ArrayList<>();
    int ordinal = 0;
    for (int m = 0; m < MODELS.length; m++) {
      for (int c = 0; c < LRS.length; c++) {
        for (int seed = 0; seed < SEEDS; seed++) {
          // a running sweep has finished only its first trials
          String trialStatus =
              !running ? "done" : ordinal < 10 ? "done" : ordinal < 12 ? "running" : "queued";
          ids.add(trial(h, sweepId, ordinal++, m, c, seed, trialStatus));
        }
      }
    }
    return new Recorded(sweepId, ids, LRS[1]);
  }

  private static long trial(
      Handle h, long sweepId, int ordinal, int model, int config, int seed, String status) {
    ObjectNode hp = JSON.createObjectNode();
    hp.put("hidden", 256)
        .put("lr", LRS[config])
        .put("dropout", 0.2)
        .put("weight_decay", 0.0)
        .put("batch_size", 128)
        .put("epochs", EPOCHS)
        .put("pos_weight", 1.0)
        .put("patience", 3);
    String key = String.format(Locale.ROOT, "h256-lr%s-do0.2-wd0-bs128-ep6-pw1-pa3", LRS[config]);
    boolean done = status.equals("done");
    long id =
        h.createQuery(
                "INSERT INTO trial (sweep_id, ordinal, model, config_key, hyperparams, seed,"
                    + " status, best_epoch, finished_at) VALUES (:sweep, :ordinal, :model, :key,"
                    + " :hp, :seed, :status, :best, :finished) RETURNING id")
            .bind("sweep", sweepId)
            .bind("ordinal", ordinal)
            .bind("model", MODELS[model])
            .bind("key", key)
            .bind("hp", hp)
            .bind("seed", seed)
            .bind("status", status)
            .bind("best", done ? (Integer) (EPOCHS - 2) : null)
            .bind("finished", done ? Instant.parse("2025-03-14T09:35:00Z") : null)
            .mapTo(Long.class)
            .one();
    if (!done) {
      return id;
    }
    // the middle learning rate is best; fusion models separate the classes better
    double skill = 0.8 + 0.35 * model - 0.3 * Math.abs(config - 1) + 0.05 * seed;
    Random random = new Random(1000L * ordinal + 7);
    for (int e = 1; e <= EPOCHS; e++) {
      h.execute(
          "INSERT INTO epoch_metric (trial_id, epoch, train_loss, dev_loss, dev_auroc)"
              + " VALUES (?, ?, ?, ?, ?)",
          id,
          e,
          0.69 * Math.exp(-0.25 * e) + 0.1,
          0.6 - 0.03 * e + 0.012 * Math.max(0, e - EPOCHS + 2) * 3,
          0.55 + 0.04 * e - 0.07 * Math.max(0, e - EPOCHS + 2));
    }
    predictAndScore(h, id, "dev_seen", 40, 10000, skill, random);
    predictAndScore(h, id, "test_seen", 60, 20000, skill, random);
    return id;
  }

  private static void predictAndScore(
      Handle h, long trialId, String split, int n, int firstId, double skill, Random random) {
    int[] labels = new int[n];
    double[] proba = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      String memeId = Integer.toString(firstId + i);
      double logit = skill * (2 * labels[i] - 1) + random.nextGaussian();
      proba[i] = memeId.equals(XSS_ID) ? 0.995 : 1 / (1 + Math.exp(-logit));
      proba[i] = (float) proba[i]; // stored as REAL
      h.execute(
          "INSERT INTO prediction (trial_id, split, meme_id, label, proba) VALUES (?, ?, ?, ?, ?)",
          trialId,
          split,
          memeId,
          (short) labels[i],
          (float) proba[i]);
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
      int tn = n - tp - fp - fn;
      h.execute(
          "INSERT INTO trial_metric (trial_id, split, threshold_rule, threshold, n, accuracy,"
              + " precision, recall, f1, auroc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          trialId,
          split,
          rule,
          threshold,
          n,
          (double) (tp + tn) / n,
          precision,
          recall,
          f1,
          auroc);
    }
  }

  /** Mann-Whitney AUROC over all positive/negative pairs, ties counted half. */
  static double auroc(int[] labels, double[] proba) {
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

  private static List<String> jsonl(String split, int n, int firstId) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = Integer.toString(firstId + i);
      ObjectNode row = JSON.createObjectNode();
      row.put("id", firstId + i)
          .put("img", "img/" + id + ".png")
          .put("label", i % 2)
          .put("text", id.equals(XSS_ID) ? XSS_TEXT : split + " meme number " + i + " & friends");
      lines.add(row.toString());
    }
    return lines;
  }
}
