package io.memefusion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.Await;
import io.memefusion.cli.Main;
import io.memefusion.db.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DashboardCommandTest {
  @TempDir Path tmp;

  @Test
  void theHarnessCommandLineFindsTheDashboardThroughItsServiceFile() {
    CommandLine cl = Main.commandLine();
    assertThat(cl.getSubcommands()).containsKey("dashboard");
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("dashboard", "--help")).isZero();
    assertThat(out.toString()).contains("--db", "--home", "--port", "--host", "127.0.0.1", "7070");
  }

  @Test
  void servesAServerDatabaseUntilStopped() throws Exception {
    try (Database db = Database.temporary()) {
      SweepFixture.writeDataset(tmp);
      SweepFixture.record(db, tmp, "served sweep", true);
      DashboardCommand command = new DashboardCommand();
      CommandLine cl = new CommandLine(command);
      StringWriter out = new StringWriter();
      cl.setOut(new PrintWriter(out, true));
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () -> cl.execute("--db", db.url(), "--port", "0", "--home", tmp.toString()));
      Matcher url = awaitUrl(out);
      assertThat(url.group(1)).isEqualTo("127.0.0.1");
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url.group())).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("served sweep");
      command.stop.countDown();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void aBadPortIsOneLineForTheUser() {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("dashboard", "--port", "70000", "--home", tmp.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--port must be in 0..65535, got 70000");
  }

  private static Matcher awaitUrl(StringWriter out) throws Exception {
    Pattern p = Pattern.compile("http://([0-9.]+):(\\d+)/");
    return Await.first(
            Duration.ofSeconds(30),
            () -> Optional.of(p.matcher(out.toString())).filter(Matcher::find))
        .orElseThrow(() -> new AssertionError("the dashboard did not start: " + out));
  }
}
