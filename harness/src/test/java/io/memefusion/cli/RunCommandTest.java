package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.DemoDataset;
import io.memefusion.db.Database;
import io.memefusion.features.TinyModels;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main job through the real command line, with tiny SavedModels and the demo data. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RunCommandTest {
  @TempDir static Path root;
  static Database db;
  static Path demo;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void setUp() {
    db = Database.temporary();
    demo = root.resolve("demo");
    DemoDataset.write(demo, new DemoDataset.Config(160, 5, 64), 2, Progress.NONE);
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void runsEveryStageAndPrintsTheTablesOfTheFourModels() {
    Run r =
        run(
            "run",
            "--data",
            demo.toString(),
            "--db",
            db.url(),
            "--home",
            root.resolve("home").toString(),
            "--text-model",
            TinyModels.bertTf1().toString(),
            "--image-model",
            TinyModels.resnet().toString(),
            "--seeds",
            "1",
            "--param",
            "hidden=8",
            "--param",
            "epochs=2",
            "--param",
            "batch_size=32",
            "--param",
            "lr=0.003",
            "--param",
            "dropout=0.1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("[1/5] data", "[2/5] audit", "[3/5] embed", "[4/5] sweep", "[5/5] results")
        .contains("verdict: usable")
        .contains("4 trials (4 models × 1 configurations × 1 seeds)")
        .contains(
            "Dev (dev_seen, threshold fixed_0.5)", "Test (test_seen, threshold train_holdout)")
        .contains("early_fusion", "late_fusion")
        .contains("./memefusion report --sweep");
    // modality reliance was measured on every scored trial, while its head was open
    int reliance =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM modality_reliance")
                        .mapTo(Integer.class)
                        .one());
    assertThat(reliance).isPositive();
    assertThat(r.out()).contains("analysis stored");

    // the stored analysis goes into the exports; analyze recomputes and prints it
    Run md = run("export", "--db", db.url(), "--sweep", "latest", "--analysis");
    assertThat(md.exit()).as(md.err()).isZero();
    assertThat(md.out()).contains("## Dev: dev\\_seen", "## Analysis", "95%");
    Run analyze = run("analyze", "--db", db.url(), "--sweep", "latest", "--resamples", "1000");
    assertThat(analyze.exit()).as(analyze.err()).isZero();
    assertThat(analyze.out()).contains("## Analysis").contains("stored the analysis of sweep");
    Run wrong = run("export", "--db", db.url(), "--sweep", "latest", "--analysis", "--trials");
    assertThat(wrong.exit()).isEqualTo(2);
  }

  @Test
  void textOnlyRunNeedsNoImages() throws IOException {
    Path textOnly = jsonlOnly("text-only");
    Run r =
        run(
            "run",
            "--data",
            textOnly.toString(),
            "--db",
            db.url(),
            "--home",
            root.resolve("home").toString(),
            "--text-model",
            TinyModels.bertTf1().toString(),
            "--models",
            "text",
            "--seeds",
            "1",
            "--param",
            "hidden=8",
            "--param",
            "epochs=2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("1 trials (1 models × 1 configurations × 1 seeds)");
  }

  @Test
  void textRecipeListsRunAsOneSweepThatNamesTheChosenRecipe() throws IOException {
    Path textOnly = jsonlOnly("recipes");
    Run r =
        run(
            "run",
            "--data",
            textOnly.toString(),
            "--db",
            db.url(),
            "--home",
            root.resolve("home").toString(),
            "--text-model",
            TinyModels.bertTf1().toString(),
            "--models",
            "text",
            "--text-pooling",
            "cls,mean,cls_mean",
            "--seeds",
            "1",
            "--param",
            "hidden=8",
            "--param",
            "epochs=2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "\"default text recipes\": 3 trials (1 models × 1 configurations × 3 text recipes"
                + " (cls/last, mean/last, cls_mean/last) for the models that use text × 1 seeds)")
        .containsPattern("(?m)^  text +1 .*-text=(cls|mean|cls_mean)/last$");
    // one sweep, not one per recipe
    assertThat(r.out()).containsOnlyOnce("[4/5] sweep\nsweep ");
    // an unknown layer: one line naming the valid ones
    Run bad = run("run", "--data", textOnly.toString(), "--db", db.url(), "--text-layers", "last8");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip())
        .isEqualTo(
            "error: unknown text layers 'last8': expected one of last, last4_mean, last4_concat");
  }

  @Test
  void imagesMissingForAnImageModelIsOneClearError() throws IOException {
    Path noImages = jsonlOnly("no-images");
    Run r =
        run(
            "run",
            "--data",
            noImages.toString(),
            "--db",
            db.url(),
            "--home",
            root.resolve("home").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("error: no usable images in").doesNotContain("\tat ");
  }

  /** A copy of the demo's split files without its images. */
  static Path jsonlOnly(String name) throws IOException {
    Path dir = root.resolve(name);
    Files.createDirectories(dir);
    for (String split : new String[] {"train", "dev_seen", "test_seen"}) {
      Files.copy(demo.resolve(split + ".jsonl"), dir.resolve(split + ".jsonl"));
    }
    return dir;
  }
}
