package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MainTest {

  @Test
  void helpListsSubcommandsOneLineEach() {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    int code = cl.execute("--help");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("Commands:").contains("db ");
  }

  @Test
  void userErrorsAreOneLineWithoutStackTrace(@TempDir Path home) {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("db", "migrate", "--home", home.toString(), "--db", "mysql://nope");
    assertThat(code).isNotZero();
    assertThat(err.toString().strip()).startsWith("error: --db must be a jdbc:postgresql:// URL");
    assertThat(err.toString().strip().lines().count()).isEqualTo(1);
  }
}
