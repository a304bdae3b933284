package io.memefusion.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.memefusion.UserException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
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
 * <p>The embedded server is shared between the processes of one machine (see {@link
 * EmbeddedServer}): the first starts it, the others connect, and the last one to close stops it;
 * {@code memefusion db stop} stops one left running by a killed process.
 */
public final class Database implements AutoCloseable {
  /** How long to wait for a server to accept a connection and log in. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * How long one statement may wait for an answer: a server that stops answering must not hang a
   * worker forever. Far above any statement of a sweep or an export.
   */
  static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.concurrent.atomic.AtomicInteger POOLS =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Jdbi jdbi;
  private final String url;
  private final boolean embedded;
  private final Runnable onClose;
  private final HikariDataSource pool;

  private Database(
      DataSource dataSource, String url, boolean embedded, Duration timeout, Runnable onClose) {
    this.url = url;
    this.embedded = embedded;
    this.onClose = onClose;
    try {
      // fail here, in one line, rather than deep in Flyway or the pool
      dataSource.getConnection().close();
    } catch (SQLException e) {
      throw new UserException(
          "cannot connect to the database at " + hidePassword(url) + ": " + reason(e, timeout), e);
    }
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    // a connection costs PostgreSQL a process fork (~4 ms): a sweep's thousands of small
    // statements (epochs, claims, heartbeats) reuse a few pooled ones instead
    String applicationName =
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
    return connect(jdbcUrl, DEFAULT_TIMEOUT);
  }

  /** As {@link #connect(String)}, giving up after {@code timeout} without an answer. */
  public static Database connect(String jdbcUrl, Duration timeout) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new UserException(
          "--db must be a jdbc:postgresql:// URL, got: " + hidePassword(jdbcUrl));
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    try {
      ds.setURL(jdbcUrl);
    } catch (IllegalArgumentException e) {
      throw new UserException("--db is not a valid PostgreSQL URL: " + hidePassword(jdbcUrl), e);
    }
    applyTimeouts(ds, timeout, jdbcUrl);
    return new Database(ds, jdbcUrl, false, timeout, () -> {});
  }

  /** Opens (starting if needed) the embedded PostgreSQL whose data lives in {@code dataDir}. */
  public static Database embedded(Path dataDir) {
    EmbeddedServer server = EmbeddedServer.acquire(dataDir, DEFAULT_TIMEOUT);
    try {
      return new Database(
          server.dataSource(DEFAULT_TIMEOUT),
          server.url(),
          true,
          DEFAULT_TIMEOUT,
          () -> EmbeddedServer.release(server));
    } catch (RuntimeException e) {
      EmbeddedServer.release(server);
      throw e;
    }
  }

  /** A throw-away embedded PostgreSQL in a temporary folder, removed on close. */
  public static Database temporary() {
    try {
      // no trust either: a random password, handed to initdb through a short-lived file
      String password = java.util.UUID.randomUUID().toString().replace("-", "");
      Path pwfile = Files.createTempFile("memefusion-pw", ".txt");
      EmbeddedPostgres pg;
      try {
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        pg =
            EmbeddedPostgres.builder()
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", pwfile.toString())
                .setConnectConfig("password", password)
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
      } finally {
        Files.deleteIfExists(pwfile);
      }
      PGSimpleDataSource ds = (PGSimpleDataSource) pg.getPostgresDatabase();
      applyTimeouts(ds, DEFAULT_TIMEOUT, "");
      String url =
          "jdbc:postgresql://localhost:"
              + pg.getPort()
              + "/postgres?user="
              + EmbeddedServer.USER
              + "&password="
              + password;
      return new Database(
          ds,
          url,
          true,
          DEFAULT_TIMEOUT,
          () -> {
            try {
              pg.close();
            } catch (IOException e) {
              throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a temporary embedded PostgreSQL", e);
    }
  }

  /** What {@link #stopEmbedded} did. */
  public enum StopResult {
    STOPPED,
    NOT_RUNNING,
    /** Another memefusion process uses it (it stops when the last one exits). */
    IN_USE
  }

  /** Stops the embedded server of {@code dataDir}; unless {@code force}, only when unused. */
  public static StopResult stopEmbedded(Path dataDir, boolean force) {
    return EmbeddedServer.stop(dataDir, force);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * The JDBC URL: for {@link #temporary()} with its password, so that other processes (a test's CLI
   * run) can connect; for the home's embedded server without (it is in the home folder). Print it
   * through {@link #hidePassword}.
   */
  public String url() {
    return url;
  }

  /** True for the home folder's embedded server and for {@link #temporary()}. */
  public boolean isEmbedded() {
    return embedded;
  }

  @Override
  public void close() {
    try {
      pool.close();
    } finally {
      onClose.run();
    }
  }

  /** The URL with any password replaced by {@code ***}, for messages. */
  public static String hidePassword(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** Sets connect, login and socket timeouts, except those a {@code --db} URL sets itself. */
  static void applyTimeouts(PGSimpleDataSource ds, Duration timeout, String givenUrl) {
    int seconds = (int) Math.max(1, timeout.toSeconds());
    String given = givenUrl.toLowerCase(java.util.Locale.ROOT);
    if (!given.contains("logintimeout=")) {
      ds.setLoginTimeout(seconds);
    }
    if (!given.contains("connecttimeout=")) {
      ds.setConnectTimeout(seconds);
    }
    if (!given.contains("sockettimeout=")) {
      ds.setSocketTimeout((int) SOCKET_TIMEOUT.toSeconds());
    }
    if (!given.contains("tcpkeepalive=")) {
      ds.setTcpKeepAlive(true);
    }
  }

  private static String reason(SQLException e, Duration timeout) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (message.contains("timed out")) {
      return "it did not answer within " + Math.max(1, timeout.toSeconds()) + " s";
    }
    return message;
  }
}
