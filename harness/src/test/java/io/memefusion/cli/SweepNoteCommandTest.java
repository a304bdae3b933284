package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.memefusion.db.Database;
import io.memefusion.db.SweepDao;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code sweep rename} and {@code sweep note}: exit code, output and the row written. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SweepNoteCommandTest {
  static Database db;
  static long sweepId;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void setUp() {
    db = Database.temporary();
    sweepId =
        db.jdbi()
            .withExtension(
                SweepDao.class,
                d ->
                    d.insert(
                        "first name",
                        null,
                        JsonNodeFactory.instance.objectNode(),
                        JsonNodeFactory.instance.objectNode()));
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

  private static String name() {
    return db.jdbi().withExtension(SweepDao.class, d -> d.find(sweepId)).orElseThrow().name();
  }

  private static String note() {
    return db.jdbi().withExtension(SweepDao.class, d -> d.note(sweepId)).orElse(null);
  }

  @Test
  void renameWritesTheNameAndSaysWhatChanged() {
    Run r =
        run("sweep", "rename", "--db", db.url(), Long.toString(sweepId), "  pretrained ResNet ");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("sweep " + sweepId + " renamed: ")
        .contains("-> pretrained ResNet");
    assertThat(name()).isEqualTo("pretrained ResNet");
  }

  @Test
  void renameRefusesABlankNameAndAnUnknownSweep() {
    String before = name();
    Run blank = run("sweep", "rename", "--db", db.url(), Long.toString(sweepId), "   ");
    assertThat(blank.exit()).isEqualTo(2);
    assertThat(blank.err()).contains("a sweep name cannot be blank").doesNotContain("Exception");
    Run unknown = run("sweep", "rename", "--db", db.url(), "999", "x");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no sweep with id 999");
    assertThat(name()).isEqualTo(before);
  }

  @Test
  void noteIsSetPrintedAndCleared() {
    Run set =
        run("sweep", "note", "--db", db.url(), "latest", "lr 0.01 diverges; <b>try</b> 0.003");
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).contains("sweep " + sweepId + ": note set");
    assertThat(note()).isEqualTo("lr 0.01 diverges; <b>try</b> 0.003");

    Run show = run("sweep", "note", "--db", db.url(), Long.toString(sweepId));
    assertThat(show.exit()).isZero();
    assertThat(show.out().strip()).isEqualTo("lr 0.01 diverges; <b>try</b> 0.003");

    Run both = run("sweep", "note", "--db", db.url(), Long.toString(sweepId), "x", "--clear");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(note()).isNotNull();

    Run clear = run("sweep", "note", "--db", db.url(), Long.toString(sweepId), "--clear");
    assertThat(clear.exit()).isZero();
    assertThat(clear.out()).contains("note removed");
    assertThat(note()).isNull();
  }
}
