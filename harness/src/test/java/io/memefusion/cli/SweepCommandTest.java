package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.Await;
import io.memefusion.data.DemoDataset;
import io.memefusion.db.Database;
import io.memefusion.db.EpochDao;
import io.memefusion.db.EpochRow;
import io.memefusion.db.TrialCounts;
import io.memefusion.db.TrialRow;
import io.memefusion.eval.Auroc;
import io.memefusion.features.TinyModels;
import io.memefusion.progress.Progress;
import io.memefusion.sweep.SweepStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end through the real command line: the synthetic demo dataset, tiny BERT and ResNet
 * SavedModels, the embedded PostgreSQL; a sweep started, exported, killed in a child process and
 * resumed, and worked on by two workers at once.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SweepCommandTest {
  @TempDir static Path root;
  static Database db;
  static Path demo;
  static Path home;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void setUp() {
    db = Database.temporary();
    demo = root.resolve("demo");
    home = root.resolve("home");
    DemoDataset.write(demo, new DemoDataset.Config(200, 3, 64), 2, Progress.NONE);
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
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Options every sweep command here needs. */
  static List<String> common() {
    return List.of(
        "--db", db.url(),
        "--home", home.toString(),
        "--text-model", TinyModels.bertTf1().toString(),
        "--image-model", TinyModels.resnet().toString(),
        "--embed-batch", "16");
  }

  static String[] args(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(common());
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  static final String[] SMALL = {
    "--seeds",
    "2",
    "--param",
    "hidden=16",
    "--param",
    "lr=0.003",
    "--param",
    "epochs=4",
    "--param",
    "batch_size=32",
    "--param",
    "patience=0"
  };

  // the tests share the database but not their sweeps: each creates its own and reads its id
  @Test
  void startRunsTheFourModelsAndExportsDevAndTestTables() {
    List<String> start = new ArrayList<>(List.of("sweep", "start", "--data", demo.toString()));
    start.addAll(List.of(SMALL));
    Run r = run(args(start, "--workers", "2", "--name", "e2e"));
    assertThat(r.exit()).as(r.err()).isZero();
    long id = new SweepStore(db).resolve("latest");
    assertThat(r.out())
        .contains("sweep " + id + " \"e2e\": 8 trials (4 models × 1 configurations × 2 seeds)")
        .contains("Dev (dev_seen, threshold fixed_0.5)")
        .contains("Test (test_seen, threshold train_holdout)")
        .contains("sweep " + id + ": 8 of 8 trials done")
        .contains("export: memefusion export --sweep " + id);
    Run md =
        run("export", "--db", db.url(), "--home", home.toString(), "--sweep", String.valueOf(id));
    assertThat(md.exit()).as(md.err()).isZero();
    for (String table :
        List.of(
            "## Dev: dev\\_seen, threshold fixed_0.5",
            "## Test: test\\_seen, threshold fixed_0.5",
            "## Test: test\\_seen, threshold train_holdout")) {
      String section = md.out().substring(md.out().indexOf(table));
      section =
          section.substring(
              0, section.indexOf("\n## ") < 0 ? section.length() : section.indexOf("\n## "));
      assertThat(section)
          .contains("| text |", "| image |", "| early\\_fusion |", "| late\\_fusion |");
    }
    assertThat(md.out()).contains(" ± ");
    aurocFromThePredictionsExportEqualsTheTrialsExport(id);
  }

  private static void aurocFromThePredictionsExportEqualsTheTrialsExport(long id) {
    String sweep = String.valueOf(id);
    Run trials =
        run("export", "--db", db.url(), "--home", home.toString(), "--sweep", sweep, "--trials");
    Run preds =
        run(
            "export",
            "--db",
            db.url(),
            "--home",
            home.toString(),
            "--sweep",
            sweep,
            "--predictions");
    assertThat(trials.exit()).isZero();
    assertThat(preds.exit()).isZero();
    Map<String, List<float[]>> byTrialSplit = new HashMap<>();
    preds
        .out()
        .lines()
        .skip(1)
        .forEach(
            l -> {
              String[] f = l.split(",", -1);
              byTrialSplit
                  .computeIfAbsent(f[0] + "/" + f[1], k -> new ArrayList<>())
                  .add(new float[] {Integer.parseInt(f[3]), Float.parseFloat(f[4])});
            });
    List<String> rows = trials.out().lines().skip(1).toList();
    // 8 trials × (dev_seen, holdout, test_seen) × 2 rules
    assertThat(rows).hasSize(8 * 3 * 2);
    for (String row : rows) {
      String[] f = row.split(",", -1);
      List<float[]> p = byTrialSplit.get(f[0] + "/" + f[3]);
      float[] proba = new float[p.size()];
      int[] labels = new int[p.size()];
      for (int i = 0; i < proba.length; i++) {
        labels[i] = (int) p.get(i)[0];
        proba[i] = p.get(i)[1];
      }
      assertThat(Auroc.of(proba, labels).getAsDouble()).isEqualTo(Double.parseDouble(f[11]));
    }
  }

  @Test
  void aSweepKilledInAChildProcessAndResumedRunsEveryTrialOnce() throws Exception {
    List<String> create =
        new ArrayList<>(List.of("sweep", "start", "--data", demo.toString(), "--no-run"));
    create.addAll(
        List.of(
            "--seeds",
            "4",
            "--param",
            "hidden=16",
            "--param",
            "lr=0.003,0.001",
            "--param",
            "epochs=6",
            "--param",
            "batch_size=16",
            "--param",
            "patience=0"));
    Run created = run(args(create, "--name", "killed"));
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out())
        .contains("32 trials")
        .contains("workers join with: memefusion sweep work");
    long id = new SweepStore(db).resolve("latest");

    List<String> cmd =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx1g",
                Main.class.getName()));
    cmd.addAll(
        List.of(
            args(List.of("sweep", "work", String.valueOf(id)), "--workers", "1", "--group", "1")));
    Process child =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("child.log").toFile())
            .start();
    SweepStore store = new SweepStore(db);
    Await.until(Duration.ofSeconds(120), () -> store.counts(id).done() >= 3 || !child.isAlive());
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    TrialCounts atKill = store.counts(id);
    assertThat(atKill.done())
        .as(
            "the child worked before it was killed; log: "
                + java.nio.file.Files.readString(root.resolve("child.log")))
        .isGreaterThanOrEqualTo(3);
    assertThat(atKill.done()).as("killed midway").isLessThan(32);

    Run resumed = run(args(List.of("sweep", "resume", String.valueOf(id)), "--workers", "2"));
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("sweep " + id + ": 32 of 32 trials done");
    assertThat(store.counts(id)).isEqualTo(new TrialCounts(0, 0, 32, 0));
    for (TrialRow t : store.trials(id)) {
      List<EpochRow> epochs = db.jdbi().withExtension(EpochDao.class, d -> d.ofTrial(t.id()));
      assertThat(epochs).extracting(EpochRow::epoch).containsExactly(1, 2, 3, 4, 5, 6);
    }
    int metricRows =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM trial_metric m JOIN trial t ON t.id = m.trial_id WHERE t.sweep_id = :s")
                        .bind("s", id)
                        .mapTo(Integer.class)
                        .one());
    assertThat(metricRows).isEqualTo(32 * 3 * 2);
  }

  @Test
  void twoWorkersOnOneSweepNeverRunATrialTwice() throws Exception {
    List<String> create =
        new ArrayList<>(List.of("sweep", "start", "--data", demo.toString(), "--no-run"));
    create.addAll(List.of(SMALL));
    create.addAll(List.of("--param", "lr=0.003,0.001,0.01"));
    Run created = run(args(create, "--name", "shared"));
    assertThat(created.exit()).as(created.err()).isZero();
    long id = new SweepStore(db).resolve("latest");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Run>> workers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      workers.add(
          pool.submit(
              () ->
                  run(
                      args(
                          List.of("sweep", "work", String.valueOf(id)),
                          "--workers",
                          "1",
                          "--group",
                          "1"))));
    }
    for (Future<Run> w : workers) {
      Run r = w.get(5, TimeUnit.MINUTES);
      assertThat(r.exit()).as(r.err()).isZero();
    }
    pool.shutdown();
    SweepStore store = new SweepStore(db);
    assertThat(store.counts(id)).isEqualTo(new TrialCounts(0, 0, 24, 0));
    assertThat(store.trials(id)).extracting(TrialRow::attempts).containsOnly(1);
    Run list = run("sweep", "list", "--db", db.url(), "--home", home.toString());
    assertThat(list.out()).containsPattern(id + "\\s+\\S+ \\S+\\s+done\\s+24/24\\s+0\\s+shared");
  }

  @Test
  void badInputIsOneLine() {
    Run both = run(args(List.of("sweep", "start", "--demo", "--data", demo.toString())));
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err().strip()).isEqualTo("error: --demo and --data exclude each other");
    Run badParam =
        run(args(List.of("sweep", "start", "--data", demo.toString(), "--param", "lr=-1")));
    assertThat(badParam.err().strip())
        .isEqualTo("error: flags: params.lr[0]: lr must be a number in (0, 1], got -1");
    Run noSweep = run(args(List.of("sweep", "work", "77")));
    assertThat(noSweep.err().strip()).isEqualTo("error: no sweep with id 77 (see: sweep list)");
  }
}
