package io.memefusion.data;

import io.memefusion.UserException;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Downloads a Hugging Face Hub dataset repo over its HTTP API, without git or git-lfs: the file
 * list from {@code GET {endpoint}/api/datasets/{repo}/tree/{revision}?recursive=true} (following
 * {@code Link: <...>; rel="next"} pages), each file from {@code GET
 * {endpoint}/datasets/{repo}/resolve/{revision}/{path}}. Files download in parallel into {@code
 * .part} files that later runs resume with {@code Range} requests; 429, 5xx and broken connections
 * are retried with exponential backoff and jitter (honouring {@code Retry-After}); every file is
 * checked against the listed size and, where the listing gives one, its LFS sha256 or git blob id.
 * Files already complete are skipped.
 */
public final class HubClient {
  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");

  /** Where and how to download; {@code token} may be null (public repos). */
  public record Config(
      URI endpoint,
      String token,
      int jobs,
      int maxAttempts,
      Duration baseDelay,
      Duration maxDelay,
      Duration stallTimeout) {
    /** A file whose response body sends nothing for this long is abandoned and resumed. */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    public Config {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.getScheme() == null || !endpoint.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("endpoint must be an http(s) URL, got " + endpoint);
      }
      if (jobs < 1 || jobs > 64) {
        throw new IllegalArgumentException("jobs must be in 1..64, got " + jobs);
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      token = token == null || token.isBlank() ? null : token.strip();
      Objects.requireNonNull(stallTimeout, "stall timeout");
      if (stallTimeout.isNegative() || stallTimeout.isZero()) {
        throw new IllegalArgumentException("stall timeout must be positive, got " + stallTimeout);
      }
    }

    /** With the default stall timeout ({@link #STALL_TIMEOUT}). */
    public Config(
        URI endpoint,
        String token,
        int jobs,
        int maxAttempts,
        Duration baseDelay,
        Duration maxDelay) {
      this(endpoint, token, jobs, maxAttempts, baseDelay, maxDelay, STALL_TIMEOUT);
    }

    /** This config with another stall timeout. */
    public Config withStallTimeout(Duration timeout) {
      return new Config(endpoint, token, jobs, maxAttempts, baseDelay, maxDelay, timeout);
    }

    /** 6 attempts per file, backoff from 0.5 s up to 60 s. */
    public static Config defaults(URI endpoint, String token, int jobs) {
      return new Config(endpoint, token, jobs, 6, Duration.ofMillis(500), Duration.ofSeconds(60));
    }
  }

  /**
   * A file of the repo as listed: its size and, when known, the sha256 of its content (LFS files)
   * or its git blob id (small files kept in git).
   */
  public record RemoteFile(String path, long size, String sha256, String gitOid) {
    public RemoteFile {
      Objects.requireNonNull(path, "path");
      if (size < 0) {
        throw new IllegalArgumentException("size of " + path + " must be >= 0, got " + size);
      }
    }
  }

  /** What a download did. {@code failures} holds one line per failed file, naming it. */
  public record Summary(
      Path dir,
      int files,
      int downloaded,
      long bytes,
      int skipped,
      int retried,
      List<String> failures) {
    public Summary {
      failures = List.copyOf(failures);
    }

    public String line() {
      return String.format(
          Locale.ROOT,
          "%d files in %s: %d downloaded (%s), %d already complete, %d retries, %d failed",
          files,
          dir,
          downloaded,
          human(bytes),
          skipped,
          retried,
          failures.size());
    }
  }

  /** The kind of Hub repository: its API path and URL prefix differ. */
  public enum RepoType {
    DATASET("datasets", "/datasets/", "dataset"),
    MODEL("models", "/", "model");

    final String api;
    final String resolvePrefix;
    final String noun;

    RepoType(String api, String resolvePrefix, String noun) {
      this.api = api;
      this.resolvePrefix = resolvePrefix;
      this.noun = noun;
    }
  }

  private final Config config;
  private final HttpClient http;

  public HubClient(Config config) {
    this.config = config;
    // redirects are followed by hand so the token never goes to another host (the LFS CDN)
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** Lists the files of dataset {@code repo} at {@code revision}, all pages. */
  public List<RemoteFile> list(String repo, String revision) {
    return list(RepoType.DATASET, repo, revision);
  }

  /** Lists the files of a dataset or model {@code repo} at {@code revision}, all pages. */
  public List<RemoteFile> list(RepoType type, String repo, String revision) {
    checkRepo(repo);
    return new HubListing(this, config, base()).list(type, repo, revision);
  }

  /**
   * Downloads every file of {@code repo} into {@code out} with {@code config.jobs()} parallel
   * downloads; failures are collected, not thrown.
   */
  public Summary download(String repo, String revision, Path out, Progress progress) {
    Path dir = out.toAbsolutePath().normalize();
    List<RemoteFile> files = list(repo, revision);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    long total = 0;
    for (RemoteFile f : files) {
      Path target = dir.resolve(f.path()).normalize();
      if (!sameSize(target, f.size())) {
        total += f.size();
      }
    }
    progress.start("downloading " + repo, total, "bytes");
    AtomicInteger retried = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    AtomicInteger downloaded = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(config.jobs());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (RemoteFile f : files) {
        URI uri = fileUri(RepoType.DATASET, repo, revision, f.path());
        FileDownload task =
            new FileDownload(this, config, uri, f, dir, progress, new Retry(config, retried));
        futures.add(
            pool.submit(
                () -> {
                  FileDownload.Outcome outcome = task.run();
                  switch (outcome.kind()) {
                    case SKIPPED:
                      skipped.incrementAndGet();
                      break;
                    case DOWNLOADED:
                      downloaded.incrementAndGet();
                      bytes.addAndGet(outcome.bytes());
                      break;
                    default:
                      failures.add(f.path() + ": " + outcome.error());
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("download interrupted; run it again to resume", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a download worker failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<String> sorted = new ArrayList<>(failures);
    Collections.sort(sorted);
    Summary summary =
        new Summary(
            dir, files.size(), downloaded.get(), bytes.get(), skipped.get(), retried.get(), sorted);
    progress.done(summary.line());
    return summary;
  }

  private static boolean sameSize(Path file, long size) {
    try {
      return Files.isRegularFile(file) && Files.size(file) == size;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Downloads one file of a dataset or model repo into {@code dir} (resuming its {@code .part}
   * file, retrying, checking the size and the sha256 or git blob id that {@code file} carries).
   * Returns null when the file is in place, else one line saying what failed.
   */
  public String downloadFile(
      RepoType type, String repo, String revision, RemoteFile file, Path dir, Progress progress) {
    checkRepo(repo);
    Path out = dir.toAbsolutePath().normalize();
    FileDownload.Outcome outcome =
        new FileDownload(
                this,
                config,
                fileUri(type, repo, revision, file.path()),
                file,
                out,
                progress,
                new Retry(config, new AtomicInteger()))
            .run();
    return outcome.kind() == FileDownload.Kind.FAILED ? outcome.error() : null;
  }

  private URI fileUri(RepoType type, String repo, String revision, String path) {
    StringBuilder encoded = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (encoded.length() > 0) {
        encoded.append('/');
      }
      encoded.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return URI.create(
        base()
            + type.resolvePrefix
            + repo
            + "/resolve/"
            + URLEncoder.encode(revision, StandardCharsets.UTF_8)
            + "/"
            + encoded);
  }

  HttpClient http() {
    return http;
  }

  /** A GET builder; the token goes only to the endpoint's own host. */
  HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("User-Agent", "memefusion/data-fetch");
    if (config.token() != null && sameHost(uri, config.endpoint())) {
      b.header("Authorization", "Bearer " + config.token());
    }
    return b;
  }

  static boolean sameHost(URI a, URI b) {
    return Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort();
  }

  private String base() {
    String s = config.endpoint().toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static void checkRepo(String repo) {
    if (repo == null || !REPO.matcher(repo).matches() || repo.contains("..")) {
      throw new UserException("--repo must look like owner/name, got: " + repo);
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
