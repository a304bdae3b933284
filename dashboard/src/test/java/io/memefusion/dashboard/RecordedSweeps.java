package io.memefusion.dashboard;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The sweeps the handler tests read, recorded once per test JVM (an embedded PostgreSQL and a few
 * hundred rows take a while on a busy machine) and served by one dashboard: a finished sweep with
 * its analysis (and a name full of HTML), one still running without analysis, and a finished one
 * scored on dev_unseen too. Stopped and removed when the JVM exits.
 */
record RecordedSweeps(
    Path dir,
    Database db,
    DashboardApp app,
    SweepFixture.Recorded done,
    SweepFixture.Recorded running,
    SweepFixture.Recorded unseen,
    SweepAnalysisResult analysis,
    HttpClient http) {
  static final String DONE_NAME = "lr grid <b>bold</b> & \"quoted\"";

  private static RecordedSweeps shared;

  static synchronized RecordedSweeps get() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static RecordedSweeps start() {
    try {
      Path dir = Files.createTempDirectory("memefusion-dashboard-test");
      Path data = dir.resolve("data");
      Database db = Database.temporary();
      SweepFixture.writeDataset(data);
      SweepFixture.Recorded done = SweepFixture.record(db, data, DONE_NAME, true);
      SweepFixture.Recorded running = SweepFixture.record(db, data, "still running", false);
      SweepFixture.Recorded unseen = SweepFixture.record(db, data, "both dev splits", true, true);
      SweepAnalysisResult analysis = SweepFixture.analyze(db, data, done);
      SweepFixture.analyze(db, data, unseen);
      DashboardApp app =
          new DashboardApp(db.jdbi(), DashboardApp.precompiledTemplates(), Clock.systemUTC())
              .start("127.0.0.1", 0);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    app.stop();
                    try {
                      db.close();
                    } catch (RuntimeException stoppedAlready) {
                      // the embedded server's own shutdown hook may have won the race
                    }
                    deleteTree(dir);
                  }));
      return new RecordedSweeps(
          dir, db, app, done, running, unseen, analysis, HttpClient.newHttpClient());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url(path))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  /** How often {@code part} occurs in {@code s}. */
  static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
