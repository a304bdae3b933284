package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.memefusion.UserException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL store: a server given by JDBC URL, or the embedded PostgreSQL kept in the home
 * folder. Migrations from {@code sql/} are applied on open.
 *
 * <p>The embedded server is shared between processes: the first process starts it, later ones (a
 * dashboard beside a running sweep, a second worker) find it through {@code postmaster.pid} and
 * connect. The process that started it stops it on close unless other clients are still connected;
 * {@code memefusion db stop} stops a server left running that way.
 */
public final class Database implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.concurrent.atomic.AtomicInteger POOLS =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Jdbi jdbi;
  private final String url;
  private final EmbeddedPostgres embedded;
  private final HikariDataSource pool;
  private final String applicationName;

  private Database(DataSource dataSource, String url, EmbeddedPostgres embedded) {
    this.url = url;
    this.embedded = embedded;
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    // a connection costs PostgreSQL a process fork (~4 ms): a sweep's thousands of small
    // statements (epochs, claims, heartbeats) reuse a few pooled ones instead
    this.applicationName =
        "memefusion-" + ProcessHandle.current().pid() + "-" + POOLS.incrementAndGet();
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setPoolName(applicationName);
    config.setMaximumPoolSize(Math.max(4, 2 * Runtime.getRuntime().availableProcessors() + 2));
    config.setMinimumIdle(1);
    config.setConnectionInitSql("SET application_name = '" + applicationName + "'");
    this.pool = new HikariDataSource(config);
    this.jdbi =
        Jdbi.create(pool)
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin())
            .registerArgument(new JsonbArgumentFactory(JSON))
            .registerColumnMapper(
                JsonNode.class,
                (rs, col, ctx) -> {
                  String text = rs.getString(col);
                  try {
                    return text == null ? null : JSON.readTree(text);
                  } catch (IOException e) {
                    throw new SQLException("column " + col + " is not JSON", e);
                  }
                });
  }

  /** Connects to a PostgreSQL server, e.g. {@code jdbc:postgresql://localhost:5432/memefusion}. */
  public static Database connect(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new UserException("--db must be a jdbc:postgresql:// URL, got: " + jdbcUrl);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    return new Database(ds, jdbcUrl, null);
  }

  /** Opens (starting if needed) the embedded PostgreSQL whose data lives in {@code dataDir}. */
  public static Database embedded(Path dataDir) {
    try {
      Optional<Integer> running = runningPort(dataDir);
      if (running.isPresent()) {
        return connect(localUrl(running.get()));
      }
      Files.createDirectories(dataDir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(freePort())
              .setRegisterShutdownHook(true)
              .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
              .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
              .start();
      String url = localUrl(pg.getPort());
      return new Database(pg.getPostgresDatabase(), url, pg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** A throw-away embedded PostgreSQL in a temporary folder, removed on close. */
  public static Database temporary() {
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
              .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new Database(pg.getPostgresDatabase(), localUrl(pg.getPort()), pg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a temporary embedded PostgreSQL", e);
    }
  }

  /** Stops an embedded server left running in {@code dataDir}; true if one was running. */
  public static boolean stopEmbedded(Path dataDir) {
    Optional<Integer> port = runningPort(dataDir);
    if (port.isEmpty()) {
      return false;
    }
    try (Connection c = DriverManager.getConnection(localUrl(port.get()))) {
      // pg_ctl is inside the zonky jar's unpacked binaries; a fast shutdown via signal is simpler
      long pid = Long.parseLong(pidFileLines(dataDir).get(0).trim());
      c.close();
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** The JDBC URL other processes can use to reach this database. */
  public String url() {
    return url;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded == null) {
      pool.close();
      return;
    }
    int others =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                            + " AND application_name IS DISTINCT FROM :mine")
                    .bind("mine", applicationName)
                    .mapTo(Integer.class)
                    .one());
    pool.close();
    if (others > 0) {
      return; // another memefusion process is still using it: leave it running
    }
    try {
      embedded.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
    }
  }

  private static String localUrl(int port) {
    return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
  }

  private static Optional<Integer> runningPort(Path dataDir) {
    List<String> lines = pidFileLines(dataDir);
    if (lines.size() < 4) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(lines.get(0).trim());
      int port = Integer.parseInt(lines.get(3).trim());
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        try (Connection c = DriverManager.getConnection(localUrl(port))) {
          return Optional.of(port);
        }
      }
    } catch (NumberFormatException | SQLException e) {
      // a stale or foreign pid file: start our own server
    }
    return Optional.empty();
  }

  private static List<String> pidFileLines(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      return Files.isRegularFile(pidFile)
          ? Files.readAllLines(pidFile, StandardCharsets.UTF_8)
          : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
