package io.memefusion.dashboard;

import io.memefusion.UserException;
import io.memefusion.cli.DbOptions;
import io.memefusion.db.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memefusion dashboard}: serves the dashboard until interrupted (Ctrl+C). */
@Command(
    name = "dashboard",
    header = "Serve the dashboard in the browser.",
    mixinStandardHelpOptions = true,
    description = "Serve the dashboard: sweeps, dev/test tables, ROC curves, trials and exports.")
public final class DashboardCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "H",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "7070",
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  /** Counted down to stop a running command; tests use it instead of Ctrl+C. */
  final CountDownLatch stop = new CountDownLatch(1);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean interrupted;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UserException("--port must be in 0..65535, got " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    Database database = db.open();
    DashboardApp app =
        new DashboardApp(
            database.jdbi(), DashboardApp.precompiledTemplates(), Clock.systemDefaultZone());
    // Ctrl+C: the hook wakes this thread and waits until the server and database are closed
    Thread hook =
        new Thread(
            () -> {
              interrupted = true;
              stop.countDown();
              awaitQuietly(stopped);
            },
            "dashboard-shutdown");
    try {
      try {
        app.start(host, port);
      } catch (RuntimeException e) {
        throw new UserException("cannot serve on " + host + ":" + port + ": " + rootMessage(e), e);
      }
      Runtime.getRuntime().addShutdownHook(hook);
      out.println(
          "dashboard on http://"
              + (host.contains(":") ? "[" + host + "]" : host)
              + ":"
              + app.port()
              + "/ (database "
              + Database.hidePassword(database.url())
              + "); Ctrl+C stops it");
      out.flush();
      stop.await();
    } finally {
      try {
        app.stop();
        closeDatabase(database);
      } finally {
        stopped.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException notRegisteredOrExiting) {
        // the JVM is exiting through the hook, or the server never started
      }
    }
    return 0;
  }

  /**
   * On Ctrl+C the embedded server's shutdown hook may leave (and, as its last user, stop) it at the
   * same time, so a failure to reach it while closing is expected then and not worth an error line.
   */
  private void closeDatabase(Database database) {
    try {
      database.close();
    } catch (RuntimeException e) {
      if (!interrupted) {
        throw e;
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
