package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.data.Dataset;
import io.memefusion.db.Database;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.StudyFeatures;
import io.memefusion.sweep.StudyFixture;
import io.memefusion.sweep.SweepRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The closing summary of run, sweep work and sweep resume, and their exit code. */
@Timeout(300)
class SweepCliTest {
  private static Database db;
  private static Study study;

  @BeforeAll
  static void start() {
    db = Database.temporary();
    HeadTrainer trainer = new HeadTrainer(1);
    study = new Study(db, () -> trainer);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void everyTrialFailedExitsOneWithTheFailuresByCause() {
    // 65,536-d features and hidden 16384: each trial's first layer wants 4 GB of heap
    Dataset d = StudyFixture.dataset(40, 20, 0, true);
    StudyFeatures wide = StudyFixture.features(d, 65_536, 0, Set.of());
    ObjectNode tree = new ObjectMapper().createObjectNode().put("name", "all-fail").put("seeds", 2);
    tree.putArray("models").add("text");
    for (String p : List.of("hidden=16384", "lr=0.01", "epochs=1")) {
      SpecParser.applyParam(tree, p);
    }
    long id = study.create(d, wide, SpecParser.parse(tree, "flags"));
    SweepRunner.Summary s =
        study.work(
            id,
            d,
            wide,
            SweepRunner.Options.defaults().withWorkers(1).withGroupSize(1),
            Progress.NONE);
    assertThat(s.failed()).isEqualTo(2);

    StringWriter text = new StringWriter();
    int exit = SweepCli.summary(new PrintWriter(text, true), db, study, id, s);

    assertThat(exit).isEqualTo(1);
    assertThat(text.toString())
        .contains("error: 2 of 2 trials failed, by cause:\n")
        .containsPattern(
            "\n  2 × out of memory \\(Java heap space\\) training 1 trial\\(s\\) with hidden=16384")
        .contains("retry: memefusion sweep resume " + id + "\n")
        .contains("sweep " + id + ": 0 of 2 trials done");
  }
}
