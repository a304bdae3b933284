package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.DemoDataset;
import io.memefusion.db.Database;
import io.memefusion.db.TrialCounts;
import io.memefusion.db.TrialRow;
import io.memefusion.features.TinyModels;
import io.memefusion.progress.Progress;
import io.memefusion.sweep.SweepStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A team's sweep: workers in separate processes on one PostgreSQL, one of them with neither the
 * dataset folder nor a model, sharing features through the database; damaged stored features; and a
 * worker whose data differs from the sweep's.
 */
@Timeout(600)
class SharedSweepTest {
  @TempDir static Path root;
  static Database db;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void setUp() {
    db = Database.temporary();
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

  static final List<String> MODELS =
      List.of(
          "--text-model", TinyModels.bertTf1().toString(),
          "--image-model", TinyModels.resnet().toString(),
          "--embed-batch", "16");

  static final List<String> SMALL =
      List.of(
          "--seeds",
          "2",
          "--param",
          "hidden=16",
          "--param",
          "lr=0.003,0.01",
          "--param",
          "epochs=3",
          "--param",
          "batch_size=32",
          "--param",
          "patience=0");

  /** Creates a sweep on {@code data} with features extracted into {@code home}; returns its id. */
  static long start(Path data, Path home, String name) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "sweep",
                "start",
                "--data",
                data.toString(),
                "--no-run",
                "--name",
                name,
                "--db",
                db.url(),
                "--home",
                home.toString()));
    a.addAll(MODELS);
    a.addAll(SMALL);
    Run created = run(a.toArray(String[]::new));
    assertThat(created.exit()).as(created.err()).isZero();
    return new SweepStore(db).resolve("latest");
  }

  static Process worker(Path log, List<String> args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx1g",
                Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static int scalar(String sql, Object... binds) {
    return db.jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(sql);
              for (int i = 0; i < binds.length; i++) {
                q.bind(i, binds[i]);
              }
              return q.mapTo(Integer.class).one();
            });
  }

  static int extractions(long sweep) {
    return scalar(
        "SELECT count(*) FROM feature_extraction e JOIN sweep_feature_set p"
            + " ON p.cache_key = e.cache_key WHERE p.sweep_id = ?",
        sweep);
  }

  @Test
  void twoWorkerProcessesOneWithoutDataOrModelRunEveryTrialOnceOnFeaturesExtractedOnce()
      throws Exception {
    Path data = root.resolve("shared-data");
    DemoDataset.write(data, new DemoDataset.Config(160, 3, 64), 2, Progress.NONE);
    Path homeA = root.resolve("home-a");
    long id = start(data, homeA, "team");
    int sets = scalar("SELECT count(*) FROM sweep_feature_set WHERE sweep_id = ?", id);
    assertThat(sets).as("text and image features of train, dev and test").isEqualTo(6);
    assertThat(extractions(id)).isEqualTo(sets);
    // the data folder moves away: only worker A knows where it is
    Path moved = Files.move(data, root.resolve("shared-data-moved"));
    Path homeB = root.resolve("home-b");

    List<String> a =
        new ArrayList<>(
            List.of(
                "sweep",
                "work",
                String.valueOf(id),
                "--data",
                moved.toString(),
                "--db",
                db.url(),
                "--home",
                homeA.toString(),
                "--workers",
                "1",
                "--group",
                "1",
                "--max-trials",
                "2"));
    a.addAll(MODELS);
    Process workerA = worker(root.resolve("a.log"), a);
    Process workerB =
        worker(
            root.resolve("b.log"),
            List.of(
                "sweep",
                "work",
                String.valueOf(id),
                "--db",
                db.url(),
                "--home",
                homeB.toString(),
                "--workers",
                "1",
                "--group",
                "1"));
    assertThat(workerA.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(workerB.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String logA = Files.readString(root.resolve("a.log"));
    String logB = Files.readString(root.resolve("b.log"));
    assertThat(workerA.exitValue()).as(logA).isZero();
    assertThat(workerB.exitValue()).as(logB).isZero();

    SweepStore store = new SweepStore(db);
    int total = 4 * 2 * 2;
    assertThat(store.counts(id)).isEqualTo(new TrialCounts(0, 0, total, 0));
    assertThat(store.trials(id)).extracting(TrialRow::attempts).containsOnly(1);
    // B, with no data and no model, ran everything A did not (A stops after 2)
    long byB = store.trials(id).stream().filter(t -> t.workerPid() == workerB.pid()).count();
    assertThat(byB).as(logB).isGreaterThanOrEqualTo(total - 2);
    assertThat(logB).contains("6 feature sets from the database (no dataset folder here)");
    assertThat(logA).contains("6 feature sets from the database, checked against " + moved);
    // nobody extracted again; B has no model and loaded each set once into its local cache
    assertThat(extractions(id)).isEqualTo(sets);
    assertThat(homeB.resolve("models")).doesNotExist();
    try (Stream<Path> files = Files.walk(homeB.resolve("cache/features"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".mff"))).hasSize(sets);
    }
    // a standing worker ('any') finds nothing left to do
    Run any = run("sweep", "work", "any", "--db", db.url(), "--home", homeB.toString());
    assertThat(any.exit()).as(any.err()).isZero();
    assertThat(any.out().strip()).isEqualTo("no sweep has trials this worker can run");
  }

  @Test
  void damagedStoredFeaturesAreRecomputedByTheNextWorkerThatHasTheData() throws Exception {
    Path data = root.resolve("damaged-data");
    DemoDataset.write(data, new DemoDataset.Config(120, 3, 64), 2, Progress.NONE);
    long id = start(data, root.resolve("home-c"), "damaged");
    String key =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT cache_key FROM sweep_feature_set WHERE sweep_id = :s"
                                + " AND modality = 'text' AND split = 'train'")
                        .bind("s", id)
                        .mapTo(String.class)
                        .one());
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE feature_chunk SET data = overlay(data placing '\\x00ff'::bytea from 100)"
                        + " WHERE feature_set_id = (SELECT id FROM feature_set WHERE cache_key = ?)",
                    key));
    // a worker without the data cannot recompute: one line, naming what to do
    Run noData =
        run(
            "sweep",
            "work",
            String.valueOf(id),
            "--data",
            root.resolve("nowhere").toString(),
            "--db",
            db.url(),
            "--home",
            root.resolve("home-d").toString());
    assertThat(noData.exit()).isEqualTo(2);
    assertThat(noData.err().strip()).hasLineCount(1).startsWith("error: data folder");
    Path moved = Files.move(data, root.resolve("damaged-data-moved"));
    Run noFolder =
        run(
            "sweep",
            "work",
            String.valueOf(id),
            "--db",
            db.url(),
            "--home",
            root.resolve("home-d").toString());
    assertThat(noFolder.exit()).isEqualTo(2);
    assertThat(noFolder.err().strip())
        .hasLineCount(1)
        .isEqualTo(
            "error: sweep "
                + id
                + ": the stored text features of split train are missing or damaged and cannot be"
                + " computed here (no dataset folder or model): run `memefusion sweep work "
                + id
                + " --data DIR` where the dataset and its model are");
    assertThat(new SweepStore(db).counts(id).done()).isZero();

    // a worker with the data and a fresh local cache recomputes it, then runs the sweep
    List<String> a =
        new ArrayList<>(
            List.of(
                "sweep",
                "work",
                String.valueOf(id),
                "--data",
                moved.toString(),
                "--db",
                db.url(),
                "--home",
                root.resolve("home-e").toString()));
    a.addAll(MODELS);
    Run repaired = run(a.toArray(String[]::new));
    assertThat(repaired.exit()).as(repaired.err()).isZero();
    assertThat(repaired.out()).contains("stored text features of split train are damaged");
    assertThat(new SweepStore(db).counts(id)).isEqualTo(new TrialCounts(0, 0, 16, 0));
    assertThat(
            scalar(
                "SELECT count(*) FROM feature_extraction WHERE cache_key = ? AND reason = 'damaged'",
                key))
        .isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM feature_extraction WHERE cache_key = ?", key))
        .isEqualTo(2);
  }

  @Test
  void aWorkerWhoseImagesChangedSinceTheSweepStartedRefusesInsteadOfMixing() throws Exception {
    Path data = root.resolve("mixing-data");
    DemoDataset.write(data, new DemoDataset.Config(120, 3, 64), 2, Progress.NONE);
    Path home = root.resolve("home-f");
    long id = start(data, home, "mixing");
    // five dev images are deleted after the sweep started (issue 15: trials were then scored on
    // fewer dev memes than the others and averaged together)
    List<String> devImages =
        Files.readAllLines(data.resolve("dev_seen.jsonl")).stream()
            .filter(l -> !l.isBlank())
            .map(l -> l.replaceAll(".*\"img\"\\s*:\\s*\"([^\"]+)\".*", "$1"))
            .limit(5)
            .toList();
    for (String img : devImages) {
      Files.delete(data.resolve(img));
    }
    List<String> a =
        new ArrayList<>(
            List.of(
                "sweep", "work", String.valueOf(id), "--db", db.url(), "--home", home.toString()));
    a.addAll(MODELS);
    Run refused = run(a.toArray(String[]::new));
    assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
    assertThat(refused.err().strip())
        .hasLineCount(1)
        .startsWith(
            "error: sweep "
                + id
                + " started with other images of split dev_seen: an image file in "
                + data);
    assertThat(new SweepStore(db).counts(id).done()).isZero();
  }

  @Test
  void aWorkerWithoutDataOrModelRunsASweepComparingTwoTextRecipes() throws Exception {
    Path data = root.resolve("recipes-data");
    DemoDataset.write(data, new DemoDataset.Config(120, 3, 64), 2, Progress.NONE);
    List<String> a =
        new ArrayList<>(
            List.of(
                "sweep",
                "start",
                "--data",
                data.toString(),
                "--no-run",
                "--models",
                "text,image",
                "--text-pooling",
                "cls,mean",
                "--db",
                db.url(),
                "--home",
                root.resolve("home-g").toString()));
    a.addAll(MODELS);
    a.addAll(SMALL);
    Run created = run(a.toArray(String[]::new));
    assertThat(created.exit()).as(created.err()).isZero();
    long id = new SweepStore(db).resolve("latest");
    // one sweep, named by its recipes, recording them
    assertThat(created.out())
        .contains(
            "sweep "
                + id
                + " \"default text recipes\": 12 trials (2 models × 2 configurations × 2 text"
                + " recipes (cls/last, mean/last) for the models that use text × 2 seeds)");
    assertThat(new SweepStore(db).sweep(id).spec().get("text_recipes").toString())
        .isEqualTo("[\"cls/last\",\"mean/last\"]");
    // each recipe's text sets of train, dev and test, and the image sets once
    assertThat(scalar("SELECT count(*) FROM sweep_feature_set WHERE sweep_id = ?", id))
        .isEqualTo(9);
    assertThat(
            scalar(
                "SELECT count(DISTINCT cache_key) FROM sweep_feature_set WHERE sweep_id = ?"
                    + " AND modality = 'text'",
                id))
        .isEqualTo(6);
    Files.move(data, root.resolve("recipes-data-moved"));

    Run worked =
        run(
            "sweep",
            "work",
            String.valueOf(id),
            "--db",
            db.url(),
            "--home",
            root.resolve("home-h").toString(),
            "--workers",
            "1");
    assertThat(worked.exit()).as(worked.err()).isZero();
    assertThat(worked.out()).contains("9 feature sets from the database (no dataset folder here)");
    assertThat(new SweepStore(db).counts(id)).isEqualTo(new TrialCounts(0, 0, 12, 0));
    assertThat(new SweepStore(db).trials(id).stream().filter(t -> t.model().equals("text")))
        .extracting(TrialRow::configKey)
        .anySatisfy(k -> assertThat(k).endsWith("-text=cls/last"))
        .anySatisfy(k -> assertThat(k).endsWith("-text=mean/last"));
    // the table names the recipe chosen on dev in the text model's configuration
    assertThat(worked.out()).containsPattern("(?m)^  text .*-text=(cls|mean)/last$");
  }
}
