package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.db.Database;
import io.memefusion.fixtures.SweepFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code report} through the real command line, against PostgreSQL. */
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
    Path pdf = folder.resolve("out/report.pdf");

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
  void refusesTooFewResamplesAndUnknownSweeps() {
    Run few = run("report", "--resamples", "10");
    assertThat(few.code()).isEqualTo(2);
    assertThat(few.err()).contains("--resamples must be at least 1000");

    Run missing = run("report", "--sweep", "999999");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("error: ");
  }
}
