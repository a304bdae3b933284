package io.memefusion.features.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memefusion.UserException;
import io.memefusion.data.HubClient;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.convert.clip.TinyClip;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.tf.ClipTextEncoder;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models install clip-vit-b32} through a local fake of the Hub's model API serving a tiny
 * random CLIP under the manifest's repo name: both towers from one download of the weights (LFS
 * sha256 from the listing), config.json and tokenizer.json checked by git blob id; the folder
 * install for offline machines; a damaged download installs nothing.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClipHubInstallTest {
  private static final String REPO = "openai/clip-vit-base-patch32";

  /** A model repo at revision main: tree listing and resolve, counting downloads. */
  private static final class FakeModelHub implements AutoCloseable {
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    String listedSha256Override;
    private final HttpServer server;

    FakeModelHub(Path dir) throws IOException {
      for (String f : List.of("model.safetensors", "config.json", "tokenizer.json")) {
        files.put(f, Files.readAllBytes(dir.resolve(f)));
      }
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/api/models/" + REPO + "/tree/main", this::tree);
      server.createContext("/" + REPO + "/resolve/main/", this::resolve);
      server.start();
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void tree(HttpExchange ex) throws IOException {
      ArrayNode page = new ObjectMapper().createArrayNode();
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        var e = page.addObject().put("type", "file").put("path", f.getKey());
        e.put("size", f.getValue().length);
        if (f.getKey().endsWith(".safetensors")) {
          String sha =
              listedSha256Override != null ? listedSha256Override : hex("SHA-256", f.getValue());
          e.put("oid", "0".repeat(40));
          e.putObject("lfs").put("oid", sha).put("size", f.getValue().length);
        } else {
          byte[] head = ("blob " + f.getValue().length + "\0").getBytes(StandardCharsets.US_ASCII);
          byte[] blob = new byte[head.length + f.getValue().length];
          System.arraycopy(head, 0, blob, 0, head.length);
          System.arraycopy(f.getValue(), 0, blob, head.length, f.getValue().length);
          e.put("oid", hex("SHA-1", blob));
        }
      }
      send(ex, 200, new ObjectMapper().writeValueAsBytes(page));
    }

    private void resolve(HttpExchange ex) throws IOException {
      String path =
          ex.getRequestURI().getPath().substring(("/" + REPO + "/resolve/main/").length());
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      byte[] content = files.get(path);
      if (content == null) {
        send(ex, 404, new byte[0]);
      } else {
        send(ex, 200, content);
      }
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
      ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    }

    int hits(String path) {
      return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ModelInstaller installer(Path home, URI endpoint) {
    return new ModelInstaller(
        home.resolve("models"),
        null,
        new HubClient.Config(endpoint, null, 2, 2, Duration.ofMillis(1), Duration.ofMillis(5)),
        Architectures.standard());
  }

  @Test
  void installsBothTowersFromOneDownload(@TempDir Path dir) throws Exception {
    TinyClip.write(dir.resolve("ckpt"), TinyClip.Spec.tiny(), 5);
    ModelManifest manifest = ModelManifest.builtin();
    ModelEntry image = manifest.find("clip-vit-b32-image").orElseThrow();
    ModelEntry text = manifest.find("clip-vit-b32-text").orElseThrow();
    try (FakeModelHub hub = new FakeModelHub(dir.resolve("ckpt"))) {
      ModelInstaller installer = installer(dir.resolve("home"), hub.endpoint());
      installer.install(image, null, false, Progress.NONE);
      installer.install(text, null, false, Progress.NONE);
      assertThat(hub.hits("model.safetensors")).isEqualTo(1);
      assertThat(hub.hits("tokenizer.json")).isEqualTo(1);
      assertThat(installer.installed(image)).isTrue();
      assertThat(installer.installed(text)).isTrue();
      // both towers converted: the weights download is gone
      assertThat(
              Files.walk(dir.resolve("home/models/.downloads"))
                  .filter(p -> p.toString().endsWith(".safetensors")))
          .isEmpty();
      assertThat(ClipTextEncoder.isClipText(installer.dir(text))).isTrue();
      EncoderRegistry registry =
          new EncoderRegistry(
              manifest,
              installer,
              new ModelHasher(dir.resolve("home/cache/model-hashes")),
              EncoderOptions.defaults(2));
      try (TextEncoder t = registry.text("clip-vit-b32-text", Progress.NONE)) {
        // the manifest says 512-d for the real model; the tiny one is 12-d, read from the model
        assertThat(t.info().dim()).isEqualTo(12);
        assertThat(t.encode(List.of("a photo of a cat"), Progress.NONE)).hasSize(12);
      }
      // the manifest's 224 px preprocessing against the tiny model's 32 px input: one line
      assertThatThrownBy(() -> registry.image("clip-vit-b32-image", Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageEndingWith("the model takes 32 px images, its preprocessing says 224");
      assertThat(image.imagePreprocessing())
          .isEqualTo(io.memefusion.features.ImagePreprocessing.clip(224));
    }
  }

  @Test
  void folderInstallAndDamagedDownloads(@TempDir Path dir) throws Exception {
    TinyClip.write(dir.resolve("ckpt"), TinyClip.Spec.tiny(), 5);
    ModelEntry image = ModelManifest.builtin().find("clip-vit-b32-image").orElseThrow();
    ModelEntry text = ModelManifest.builtin().find("clip-vit-b32-text").orElseThrow();
    try (FakeModelHub hub = new FakeModelHub(dir.resolve("ckpt"))) {
      ModelInstaller installer = installer(dir.resolve("home"), hub.endpoint());
      // the folder holding model.safetensors, config.json and tokenizer.json
      installer.installFromFile(text, dir.resolve("ckpt"), false, Progress.NONE);
      assertThat(installer.installed(text)).isTrue();
      assertThat(hub.hits("model.safetensors")).isZero();
      assertThatThrownBy(
              () ->
                  installer.installFromFile(
                      image, dir.resolve("ckpt/model.safetensors"), false, Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageContaining(
              "give the folder holding model.safetensors, config.json, tokenizer.json");
      // the Hub lists another sha256 than the bytes it serves: nothing installed
      hub.listedSha256Override = "ab".repeat(32);
      assertThatThrownBy(() -> installer.install(image, null, false, Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("model.safetensors");
      assertThat(installer.installed(image)).isFalse();
    }
  }
}
