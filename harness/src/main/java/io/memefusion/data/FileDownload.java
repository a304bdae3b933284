package io.memefusion.data;

import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file of a {@link HubClient} download: resumes its {@code .part} file with a Range request,
 * retries what is worth retrying, checks size and hash, then moves the file into place.
 */
final class FileDownload {
  enum Kind {
    SKIPPED,
    DOWNLOADED,
    FAILED
  }

  record Outcome(Kind kind, long bytes, String error) {}

  /** The result of one request: done, or an error that may be retried. */
  private record Step(String error, boolean retryable, Optional<String> retryAfter) {
    static final Step DONE = new Step(null, false, Optional.empty());
  }

  private final HubClient hub;
  private final HubClient.Config config;
  private final URI uri;
  private final HubClient.RemoteFile file;
  private final Path dir;
  private final Progress progress;
  private final Retry retry;
  private long fresh;

  FileDownload(
      HubClient hub,
      HubClient.Config config,
      URI uri,
      HubClient.RemoteFile file,
      Path dir,
      Progress progress,
      Retry retry) {
    this.hub = hub;
    this.config = config;
    this.uri = uri;
    this.file = file;
    this.dir = dir;
    this.progress = progress;
    this.retry = retry;
  }

  Outcome run() {
    Path target = dir.resolve(file.path()).normalize();
    if (file.path().startsWith("/") || !target.startsWith(dir) || target.equals(dir)) {
      return failed("the listed path leads outside the download folder; not downloaded");
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      if (Files.isRegularFile(target) && Files.size(target) == file.size()) {
        if (verify(target) == null) {
          return new Outcome(Kind.SKIPPED, 0, null);
        }
        progress.advance(-file.size()); // counted as complete up front, downloaded again now
      }
      Files.createDirectories(target.getParent());
      String lastError = null;
      for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > file.size()) {
          Files.delete(part);
          have = 0;
        }
        if (attempt == 1) {
          progress.advance(have); // bytes resumed from an earlier run
        }
        Step step = Step.DONE;
        try {
          if (have < file.size() || !Files.exists(part)) {
            step = fetch(part, have);
          }
        } catch (IOException e) {
          step = new Step(e.toString(), true, Optional.empty());
        }
        if (step.error() == null) {
          long now = Files.size(part);
          if (now == file.size()) {
            String bad = verify(part);
            if (bad != null) {
              Files.delete(part);
              return failed(bad);
            }
            Files.move(
                part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Outcome(Kind.DOWNLOADED, fresh, null);
          }
          if (now > file.size()) {
            Files.delete(part);
            return failed("the server sent " + now + " bytes, the listing says " + file.size());
          }
          step =
              new Step(
                  "connection closed after " + now + " of " + file.size() + " bytes",
                  true,
                  Optional.empty());
        }
        lastError = step.error();
        if (!step.retryable()) {
          return failed(lastError);
        }
        if (attempt < config.maxAttempts()) {
          retry.pause(attempt, step.retryAfter());
        }
      }
      return failed("gave up after " + config.maxAttempts() + " attempts: " + lastError);
    } catch (IOException e) {
      return failed(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted");
    }
  }

  /** One GET (following redirects by hand), appending to or replacing {@code part}. */
  private Step fetch(Path part, long have) throws IOException, InterruptedException {
    URI current = uri;
    for (int redirects = 0; redirects <= 5; redirects++) {
      var request = hub.request(current);
      if (have > 0) {
        request.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> r =
          hub.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      int code = r.statusCode();
      try (InputStream in = r.body()) {
        Optional<String> location = r.headers().firstValue("location");
        if (code >= 300 && code < 400 && location.isPresent()) {
          current = current.resolve(location.get());
          continue;
        }
        if (code == 206) {
          String range = r.headers().firstValue("content-range").orElse("");
          if (!range.startsWith("bytes " + have + "-")) {
            Files.deleteIfExists(part);
            return new Step(
                "the server answered a Range request with " + range, true, Optional.empty());
          }
          copy(in, part, true);
          return Step.DONE;
        }
        if (code == 200) {
          progress.advance(-have); // the server ignored Range and sends the whole file again
          copy(in, part, false);
          return Step.DONE;
        }
        if (code == 416) {
          Files.deleteIfExists(part);
          return new Step("HTTP 416 for a resumed download; starting over", true, Optional.empty());
        }
        String error = "HTTP " + code + " from " + current.getHost();
        return new Step(error, Retry.retryable(code), r.headers().firstValue("retry-after"));
      }
    }
    return new Step("more than 5 redirects", false, Optional.empty());
  }

  /**
   * Appends the body to {@code part}. A body that sends nothing for {@code config.stallTimeout()}
   * is closed by a watchdog: the attempt fails (retryable) and the next one resumes from the bytes
   * the {@code .part} file already has.
   */
  private void copy(InputStream in, Path part, boolean append) throws IOException {
    AtomicLong lastData = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    long limit = config.stallTimeout().toNanos();
    long period = Math.max(1, config.stallTimeout().toMillis() / 4);
    ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "download-watchdog " + file.path());
              t.setDaemon(true);
              return t;
            });
    watchdog.scheduleAtFixedRate(
        () -> {
          if (System.nanoTime() - lastData.get() > limit && stalled.compareAndSet(false, true)) {
            try {
              in.close(); // unblocks the read below
            } catch (IOException e) {
              // closing a stalled stream: nothing more to do
            }
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
    try (OutputStream out =
        Files.newOutputStream(
            part,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while (!stalled.get() && (n = in.read(buf)) >= 0) {
        lastData.set(System.nanoTime());
        out.write(buf, 0, n);
        fresh += n;
        progress.advance(n);
      }
    } catch (IOException e) {
      if (!stalled.get()) {
        throw e;
      }
    } finally {
      watchdog.shutdownNow();
    }
    if (stalled.get()) {
      throw new IOException(
          "no data for "
              + config.stallTimeout().toSeconds()
              + " s after "
              + Files.size(part)
              + " bytes; resuming from the .part file");
    }
  }

  /** Null when the file matches the listed hash (or none is listed), else what is wrong. */
  private String verify(Path path) throws IOException {
    if (file.sha256() != null && !file.sha256().isBlank()) {
      String got = hash(path, "SHA-256", null);
      return got.equalsIgnoreCase(file.sha256())
          ? null
          : "sha256 mismatch: expected " + file.sha256() + ", got " + got;
    }
    if (file.gitOid() != null && file.gitOid().length() == 40) {
      // git's blob id: sha1 of "blob <size>\0" followed by the content
      byte[] header = ("blob " + Files.size(path) + "\0").getBytes(StandardCharsets.US_ASCII);
      String got = hash(path, "SHA-1", header);
      return got.equalsIgnoreCase(file.gitOid())
          ? null
          : "git blob id mismatch: expected " + file.gitOid() + ", got " + got;
    }
    return null;
  }

  private static String hash(Path path, String algorithm, byte[] prefix) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      if (prefix != null) {
        md.update(prefix);
      }
      try (InputStream in = Files.newInputStream(path)) {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest()).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Outcome failed(String error) {
    return new Outcome(Kind.FAILED, 0, error);
  }
}
