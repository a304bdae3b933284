package io.memefusion.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class EmbeddedServerTest {

  /** One client process on {@code dataDir}, driven through its stdin. */
  private static final class Client implements AutoCloseable {
    final Process process;
    final BufferedReader out;
    final PrintWriter in;

    Client(Path dataDir) throws IOException {
      process =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  EmbeddedClient.class.getName(),
                  dataDir.toString())
              .redirectErrorStream(true)
              .start();
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** The next line that is not the child's logging; the whole output if the child ended. */
    String next() throws IOException {
      StringBuilder seen = new StringBuilder();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("connected")
            || line.startsWith("ok")
            || line.startsWith("failed")
            || line.startsWith("closed")) {
          return line;
        }
        seen.append(line).append('\n');
      }
      return "ended: " + seen;
    }

    String query() throws IOException {
      in.println("query");
      return next();
    }

    int exit() throws Exception {
      in.println("exit");
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static boolean serverRunning(Path dataDir) throws IOException {
    Path pid = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return false;
    }
    long id = Long.parseLong(Files.readAllLines(pid).get(0).trim());
    return ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void twoProcessesStartedAtOnceOnAFreshHomeShareOneServer(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    try (Client a = new Client(data);
        Client b = new Client(data)) {
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> nextOf(a));
      CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> nextOf(b));
      String one = first.get(120, TimeUnit.SECONDS);
      String two = second.get(120, TimeUnit.SECONDS);
      assertThat(one).startsWith("connected");
      assertThat(two).isEqualTo(one); // the same server, same port
      assertThat(a.query()).isEqualTo("ok 1");
      assertThat(b.query()).isEqualTo("ok 1");
      assertThat(a.exit()).isZero();
      assertThat(b.query()).as("a leaving does not stop b's server").isEqualTo("ok 1");
      assertThat(b.exit()).isZero();
    }
    assertThat(serverRunning(data)).as("the last one out stops the server").isFalse();
  }

  @Test
  void theStarterInterruptedLeavesTheServerToTheOthers(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    try (Client starter = new Client(data)) {
      assertThat(starter.next()).startsWith("connected");
      try (Client other = new Client(data)) {
        assertThat(other.next()).startsWith("connected");
        // SIGTERM runs the shutdown hooks exactly as Ctrl+C does
        starter.process.destroy();
        assertThat(starter.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(other.query()).isEqualTo("ok 1");
        assertThat(serverRunning(data)).isTrue();
        assertThat(other.exit()).isZero();
      }
    }
    assertThat(serverRunning(data)).isFalse();
  }

  @Test
  void passwordAuthenticationFsyncAndAnOwnerOnlyPasswordFile(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    try (Database db = Database.embedded(data)) {
      assertThat(one(db, "SHOW fsync", String.class)).isEqualTo("on");
      assertThat(noComments(data.resolve("pg_hba.conf"))).noneMatch(l -> l.contains("trust"));
      Path password = home.resolve("pgdata.password");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
          .isEqualTo("rw-------");
      int port = one(db, "SHOW port", Integer.class);
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                          "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres")
                      .close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThat(db.url()).doesNotContain(Files.readString(password).trim());
    }
  }

  @Test
  void aHomeFromBeforeTrustingLocalUsersMovesToItsPassword(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    // the home as earlier versions made it: initdb -A trust, no password
    try (EmbeddedPostgres old =
            EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
        Connection c = old.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE SCHEMA old; CREATE TABLE old.kept (x int); INSERT INTO old.kept VALUES (42)");
    }
    assertThat(noComments(data.resolve("pg_hba.conf"))).anyMatch(l -> l.contains("trust"));
    try (Database db = Database.embedded(data)) {
      assertThat(one(db, "SELECT x FROM old.kept", Integer.class)).isEqualTo(42);
      assertThat(noComments(data.resolve("pg_hba.conf"))).noneMatch(l -> l.contains("trust"));
      int port = one(db, "SHOW port", Integer.class);
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                          "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres")
                      .close())
          .isInstanceOf(SQLException.class);
    }
    try (Database again = Database.embedded(data)) {
      assertThat(one(again, "SELECT x FROM old.kept", Integer.class)).isEqualTo(42);
    }
  }

  @Test
  void stopRefusesWhileAnotherProcessUsesTheServer(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    assertThat(Database.stopEmbedded(data, false)).isEqualTo(Database.StopResult.NOT_RUNNING);
    try (Client other = new Client(data)) {
      assertThat(other.next()).startsWith("connected");
      assertThat(Database.stopEmbedded(data, false)).isEqualTo(Database.StopResult.IN_USE);
      assertThat(other.query()).isEqualTo("ok 1");
      assertThat(Database.stopEmbedded(data, true)).isEqualTo(Database.StopResult.STOPPED);
      assertThat(serverRunning(data)).isFalse();
      assertThat(other.query()).startsWith("failed");
    }
  }

  @Test
  void aServerThatAcceptsAndNeverAnswersTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // and never answer
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String url =
          "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/memefusion?user=mf&password=x";
      long start = System.nanoTime();
      assertThatThrownBy(() -> Database.connect(url, Duration.ofSeconds(2)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("127.0.0.1:" + silent.getLocalPort())
          .hasMessageContaining("did not answer within 2 s")
          .hasMessageNotContaining("password=x");
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(15));
      assertThat(accepted).isNotEmpty();
    }
  }

  private static <T> T one(Database db, String sql, Class<T> type) {
    return db.jdbi().withHandle(h -> h.select(sql).mapTo(type).one());
  }

  private static String nextOf(Client c) {
    try {
      return c.next();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> noComments(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.replaceAll("#.*", "").strip();
      if (!l.isEmpty()) {
        lines.add(l);
      }
    }
    return lines;
  }
}
