package io.memefusion.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.data.Dataset;
import io.memefusion.db.Database;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.StudyFixture;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.SweepSpec;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The trials and predictions CSVs of a real sweep read back in plain 64-bit arithmetic: {@code
 * proba >= threshold} gives the exported confusion counts, also for the memes whose probability is
 * the threshold (the train_holdout threshold is one of the hold-out's probabilities).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CsvExportsTest {
  private static Database db;
  private static long sweepId;

  @BeforeAll
  static void runSweep() {
    db = Database.temporary();
    HeadTrainer trainer = new HeadTrainer(1);
    Study study = new Study(db, () -> trainer);
    Dataset dataset = StudyFixture.dataset(160, 50, 50, true);
    ObjectNode tree = JsonNodeFactory.instance.objectNode().put("name", "csv").put("seeds", 2);
    for (String p : List.of("hidden=8", "lr=0.01", "batch_size=32", "epochs=3", "patience=0")) {
      SpecParser.applyParam(tree, p);
    }
    SweepSpec spec = SpecParser.parse(tree, "test");
    sweepId =
        study.run(
            dataset,
            StudyFixture.features(dataset, 12, 6, Set.of()),
            spec,
            SweepRunner.Options.defaults().withWorkers(1).withGroupSize(4),
            Progress.NONE);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** One prediction as the CSV gives it: the label and the probability's text. */
  private record Prediction(int label, String proba) {}

  @Test
  void probaAtLeastThresholdIn64BitArithmeticGivesTheExportedCounts() {
    StringWriter trials = new StringWriter();
    StringWriter predictions = new StringWriter();
    CsvExports csv = new CsvExports(db.jdbi());
    csv.writeTrials(sweepId, trials);
    csv.writePredictions(sweepId, predictions);
    Map<String, List<Prediction>> bySplit = new HashMap<>();
    predictions
        .toString()
        .lines()
        .skip(1)
        .forEach(
            l -> {
              String[] f = l.split(",", -1);
              bySplit
                  .computeIfAbsent(f[0] + "/" + f[1], k -> new ArrayList<>())
                  .add(new Prediction(Integer.parseInt(f[3]), f[4]));
            });
    int rows = 0;
    int ties = 0;
    int tiesTheWidenedTextGetsWrong = 0;
    for (String row : trials.toString().lines().skip(1).toList()) {
      String[] f = row.split(",", -1);
      List<Prediction> preds = bySplit.get(f[0] + "/" + f[3]);
      double threshold = Double.parseDouble(f[5]);
      assertThat(accuracy(preds, threshold)).as(row).isEqualTo(Double.parseDouble(f[7]));
      rows++;
      boolean tie = preds.stream().anyMatch(p -> p.proba().equals(f[5]));
      if (tie) {
        ties++;
        // what the export printed before: the double text of the widened float32 threshold
        double widened = Double.parseDouble(Double.toString((double) Float.parseFloat(f[5])));
        if (accuracy(preds, widened) != Double.parseDouble(f[7])) {
          tiesTheWidenedTextGetsWrong++;
        }
      }
    }
    assertThat(rows).isEqualTo(8 * 3 * 2);
    assertThat(ties).as("thresholds equal to a meme's probability").isPositive();
    assertThat(tiesTheWidenedTextGetsWrong).as("rows the old text got wrong").isPositive();
  }

  private static double accuracy(List<Prediction> preds, double threshold) {
    int right = 0;
    for (Prediction p : preds) {
      boolean hateful = Double.parseDouble(p.proba()) >= threshold;
      if (hateful == (p.label() == 1)) {
        right++;
      }
    }
    return (double) right / preds.size();
  }
}
