package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.db.Database;
import io.memefusion.fixtures.SweepFixture;
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

/** {@code report} through the real command line, against PostgreSQL. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReportCommandTest {
  private static Database db;
  @TempDir static Path folder;

  @BeforeAll
  static void start() {
    db = Database.temporary();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--db";
    all[args.length + 1] = db.url();
    int code = cl.execute(all);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void writesThePdfAndItsMarkdownTwinAndStoresTheAnalysis() throws Exception {
    SweepFixture f = SweepFixture.insert(db.jdbi(), folder.resolve("data"), true);
    Path pdf = Files.createDirectories(folder.resolve("out")).resolve("report.pdf");

    Run r = run("report", "--sweep", "latest", "--out", pdf.toString(), "--resamples", "1000");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote the report of sweep " + f.sweepId + ": " + pdf);
    // the fixture folder has images but no jsonl files: the report goes on without confounders
    assertThat(r.out()).contains("confounder groups are skipped");
    assertThat(Files.size(pdf)).isGreaterThan(20_000);
    assertThat(Files.readString(folder.resolve("out/report.md"))).contains("## 2 Results");
    int cis =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM metric_ci WHERE sweep_id = :id")
                        .bind("id", f.sweepId)
                        .mapTo(Integer.class)
                        .one());
    assertThat(cis).isGreaterThan(0);
  }

  @Test
  void writesOnlyTheFilesNamedWithTheirExtensionsInAnExistingFolder() throws Exception {
    SweepFixture.insert(db.jdbi(), folder.resolve("data2"), true);
    Path dir = Files.createDirectories(folder.resolve("outs"));
    Path notes = Files.writeString(dir.resolve("notes.md"), "my own notes\n");

    Run md = run("report", "--out", dir.resolve("x.md").toString());
    assertThat(md.code()).isEqualTo(2);
    assertThat(md.err())
        .isEqualTo(
            "error: --out must name a .pdf file (its Markdown twin goes beside it), got "
                + dir.resolve("x.md")
                + "\n");
    Run bare = run("report", "--out", dir.resolve("notes").toString());
    assertThat(bare.code()).isEqualTo(2);
    Run twin = run("report", "--out", dir.resolve("notes.pdf").toString());
    assertThat(twin.code()).isEqualTo(2);
    assertThat(twin.err())
        .isEqualTo(
            "error: "
                + notes
                + " exists and is not a memefusion report: not overwritten (choose another --out)\n");
    assertThat(Files.readString(notes)).isEqualTo("my own notes\n");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(notes);
    }

    Path nowhere = folder.resolve("no/such/folder/r.pdf");
    Run missing = run("report", "--out", nowhere.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo(
            "error: cannot write "
                + nowhere
                + ": folder "
                + folder.resolve("no/such/folder")
                + " does not exist\n");
    assertThat(folder.resolve("no")).doesNotExist();

    // a report over an earlier report (and its twin) is fine
    Path pdf = dir.resolve("r.pdf");
    assertThat(run("report", "--out", pdf.toString()).code()).isZero();
    Run again = run("report", "--out", pdf.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(Files.readString(dir.resolve("r.md"))).startsWith("# ");
  }

  @Test
  void refusesTooFewResamplesAndUnknownSweeps() {
    Run few = run("report", "--resamples", "10");
    assertThat(few.code()).isEqualTo(2);
    assertThat(few.err()).contains("--resamples must be at least 1000");

    Run missing = run("report", "--sweep", "999999");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("error: ");
  }
}
