package io.memefusion.db;

import io.memefusion.UserException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The home folder's embedded PostgreSQL, shared by the memefusion processes of one machine.
 *
 * <p>Lifecycle, kept by a lock file beside the data folder ({@code pgdata.lock}): byte 0 is the
 * start lock, held exclusively while a process starts (or initialises) the server, and while one
 * stops it, so that two commands started together never both start one; byte 1 is held shared by
 * every process using the server. A process leaving takes byte 1 exclusively, which only succeeds
 * when no other process holds it: the last one out stops the server, no one else does. A process
 * killed outright releases its locks with it; the server then stays up until the next user leaves,
 * or {@code memefusion db stop}.
 *
 * <p>Authentication: a random password per home in {@code pgdata.password} (owner-only), SCRAM on
 * every connection; homes made by earlier versions (trust) are moved to it on first open.
 */
final class EmbeddedServer {
  static final String USER = "postgres";
  static final Duration START_WAIT = Duration.ofMinutes(2);
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  // one entry per data folder in this JVM: file locks are per process, not per thread
  private static final Map<Path, EmbeddedServer> OPEN = new HashMap<>();
  // servers this JVM started: zonky holds a lock in the data folder until closed
  private static final Map<Path, EmbeddedPostgres> STARTED = new HashMap<>();
  private static boolean hookRegistered;

  private final Path dataDir;
  private final FileChannel lockChannel;
  private final String password;
  private FileLock users;
  private int refs;
  private int port;

  private EmbeddedServer(Path dataDir, FileChannel lockChannel, String password) {
    this.dataDir = dataDir;
    this.lockChannel = lockChannel;
    this.password = password;
  }

  /** Starts the server if no process runs it, and registers this JVM as one of its users. */
  // the start lock is held for the block and released by try-with-resources; javac's "try" lint
  // asks for the resource to be used in the body, which a lock never is
  @SuppressWarnings("try")
  static synchronized EmbeddedServer acquire(Path dataDir, Duration timeout) {
    Path dir = dataDir.toAbsolutePath().normalize();
    EmbeddedServer server = OPEN.get(dir);
    try {
      if (server == null) {
        Files.createDirectories(dir.getParent());
        FileChannel channel = ServerFiles.openLockFile(dir);
        try (FileLock start = ServerFiles.startLock(channel, dir)) {
          server =
              new EmbeddedServer(dir, channel, ServerFiles.password(ServerFiles.passwordFile(dir)));
          server.users = channel.tryLock(1, 1, true);
          if (server.users == null) {
            throw new IllegalStateException("cannot share " + ServerFiles.lockFile(dir));
          }
          server.port = server.ensureRunning(timeout);
        } catch (RuntimeException | IOException e) {
          channel.close();
          throw e;
        }
        OPEN.put(dir, server);
        registerHook();
      } else {
        try (FileLock start = ServerFiles.startLock(server.lockChannel, dir)) {
          server.port = server.ensureRunning(timeout); // it may have been stopped by db stop
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the embedded PostgreSQL in " + dir, e);
    }
    server.refs++;
    return server;
  }

  /** The JDBC URL, without the password. */
  String url() {
    return "jdbc:postgresql://localhost:" + port + "/postgres?user=" + USER;
  }

  PGSimpleDataSource dataSource(Duration timeout) {
    return dataSource(port, password, timeout);
  }

  /** One user of this JVM is done; when it was the last of all processes, stops the server. */
  static synchronized void release(EmbeddedServer server) {
    if (--server.refs > 0 || OPEN.get(server.dataDir) != server) {
      return;
    }
    OPEN.remove(server.dataDir);
    server.leave();
  }

  // the start lock is held for the block and released by try-with-resources; javac's "try" lint
  // asks for the resource to be used in the body, which a lock never is
  @SuppressWarnings("try")
  private void leave() {
    try (lockChannel;
        FileLock start = ServerFiles.startLock(lockChannel, dataDir)) {
      users.release();
      FileLock alone = ServerFiles.tryExclusiveUsers(lockChannel);
      if (alone != null) {
        try (alone) {
          stopServer(dataDir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** Stops the server of {@code dataDir}; unless {@code force}, only when no process uses it. */
  // the start lock is held for the block and released by try-with-resources; javac's "try" lint
  // asks for the resource to be used in the body, which a lock never is
  @SuppressWarnings("try")
  static synchronized Database.StopResult stop(Path dataDir, boolean force) {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      return Database.StopResult.NOT_RUNNING;
    }
    EmbeddedServer open = OPEN.get(dir);
    // one channel per file and JVM: closing a second one would drop the first one's locks
    try (FileChannel own = open == null ? ServerFiles.openLockFile(dir) : null;
        FileLock start = ServerFiles.startLock(open == null ? own : open.lockChannel, dir)) {
      if (ServerFiles.postmaster(dir).isEmpty()) {
        return Database.StopResult.NOT_RUNNING;
      }
      FileLock alone = open == null ? ServerFiles.tryExclusiveUsers(own) : null;
      if (alone == null && !force) {
        return Database.StopResult.IN_USE;
      }
      try {
        stopServer(dir);
      } finally {
        if (alone != null) {
          alone.release();
        }
      }
      return Database.StopResult.STOPPED;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL in " + dir, e);
    }
  }

  /** Under the start lock: the port of the running server, started (and initialised) if needed. */
  private int ensureRunning(Duration timeout) throws IOException {
    Optional<Integer> running = runningPort(timeout);
    if (running.isPresent()) {
      secure(running.get(), timeout);
      return running.get();
    }
    EmbeddedPostgres stale = STARTED.remove(dataDir);
    if (stale != null) {
      stale.close(); // a server this JVM started and someone stopped: release zonky's lock
    }
    Files.createDirectories(dataDir);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(freePort())
            .setPGStartupWait(START_WAIT) // a loaded machine can take longer than zonky's 10 s
            // the last user stops it (see leave), not whichever process happened to start it
            .setRegisterShutdownHook(false)
            // zonky passes -F (fsync off) first; a later -c wins: an OS crash must not corrupt it
            .setServerConfig("fsync", "on")
            // zonky's "locale" options are appended to initdb's arguments, after its "-A trust":
            // a fresh home gets password authentication from its first start
            .setLocaleConfig("auth", "scram-sha-256")
            .setLocaleConfig("pwfile", ServerFiles.passwordFile(dataDir).toString())
            .setConnectConfig("password", password)
            .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
            .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
            .start();
    STARTED.put(dataDir, pg);
    secure(pg.getPort(), timeout);
    return pg.getPort();
  }

  /**
   * The port of the server running on {@code dataDir}, if one is. A live postmaster that does not
   * answer yet (starting up, or a loaded machine) is waited for, never started a second time.
   */
  private Optional<Integer> runningPort(Duration timeout) {
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    while (true) {
      Optional<ServerFiles.Postmaster> pm = ServerFiles.postmaster(dataDir);
      if (pm.isEmpty()) {
        return Optional.empty(); // none, or a stale pid file: start our own
      }
      try {
        dataSource(pm.get().port(), password, timeout).getConnection().close();
        return Optional.of(pm.get().port());
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
          throw new UserException(
              "the embedded PostgreSQL in "
                  + dataDir
                  + " refuses the password in "
                  + ServerFiles.passwordFile(dataDir)
                  + " (was the file replaced?); `memefusion db stop --force` stops that server");
        }
        if (System.nanoTime() > deadline) {
          throw new UserException(
              "the embedded PostgreSQL in "
                  + dataDir
                  + " (pid "
                  + pm.get().process().pid()
                  + ") does not answer: "
                  + e.getMessage()
                  + "; `memefusion db stop --force` stops it");
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while waiting for the embedded PostgreSQL");
      }
    }
  }

  /**
   * A home made by an earlier version trusts every local user: give the superuser this home's
   * password and switch the server to password authentication before anyone else uses it.
   */
  private void secure(int port, Duration timeout) throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    boolean trusts =
        Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
            .map(l -> l.replaceAll("#.*", "").strip())
            .anyMatch(l -> l.matches(".*\\btrust\\b.*"));
    if (!trusts) {
      return;
    }
    Path next = dataDir.resolve("pg_hba.conf.memefusion");
    Files.writeString(
        next,
        "# memefusion: password (SCRAM) authentication only; the password is in ../"
            + ServerFiles.passwordFile(dataDir).getFileName()
            + "\nlocal all all scram-sha-256\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "host all all ::1/128 scram-sha-256\n",
        StandardCharsets.UTF_8);
    try (Connection c = dataSource(port, password, timeout).getConnection();
        Statement s = c.createStatement()) {
      // the password is base64url: nothing to escape
      s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
      Files.move(next, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new UncheckedIOException(
          new IOException("cannot move " + dataDir + " to password authentication", e));
    }
  }

  private static PGSimpleDataSource dataSource(int port, String password, Duration timeout) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("postgres");
    ds.setUser(USER);
    ds.setPassword(password);
    Database.applyTimeouts(ds, timeout, "");
    return ds;
  }

  private static void stopServer(Path dataDir) throws IOException {
    EmbeddedPostgres mine = STARTED.remove(dataDir);
    if (mine != null) {
      mine.close(); // pg_ctl stop -m fast, and zonky's own lock released
    }
    Optional<ServerFiles.Postmaster> pm = ServerFiles.postmaster(dataDir);
    if (pm.isEmpty()) {
      return;
    }
    ProcessHandle process = pm.get().process();
    try {
      // SIGINT is PostgreSQL's fast shutdown: clients disconnected, transactions rolled back.
      // (pg_ctl would do the same, but refuses to run as root.)
      int sent =
          new ProcessBuilder("kill", "-INT", String.valueOf(process.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor();
      if (sent != 0) {
        process.destroy(); // SIGTERM: a smart shutdown
      }
      process.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the embedded PostgreSQL", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new UserException(
          "the embedded PostgreSQL in "
              + dataDir
              + " (pid "
              + process.pid()
              + ") did not stop within "
              + STOP_WAIT.toSeconds()
              + " s");
    }
  }

  /** On Ctrl+C, or an exit without close: leave as {@link #release} would. */
  private static void registerHook() {
    if (hookRegistered) {
      return;
    }
    hookRegistered = true;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (EmbeddedServer.class) {
                    for (EmbeddedServer s : List.copyOf(OPEN.values())) {
                      OPEN.remove(s.dataDir);
                      try {
                        s.leave();
                      } catch (RuntimeException e) {
                        // exiting anyway; the server stays up for db stop
                      }
                    }
                  }
                },
                "memefusion-embedded-postgres"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
