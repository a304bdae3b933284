package io.memefusion.features.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.data.FakeHub;
import io.memefusion.data.HubClient;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.WeightsKind;
import io.memefusion.features.convert.ImportFiles;
import io.memefusion.features.convert.SafeTensors;
import io.memefusion.features.convert.SafeTensorsWriter;
import io.memefusion.features.convert.resnet.ResNetArchitecture;
import io.memefusion.features.convert.resnet.ResNetSpec;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hub weights models through the local fake Hub (pinned hash, Hub-listed hash, mismatch, resumed
 * and interrupted downloads), {@code --file} installs, {@code models import}, and the bad inputs
 * that must fail with one line and leave no model behind. A width-4 ResNet stands in for the real
 * ones so conversions take a second.
 */
@Timeout(180)
class HubModelInstallTest {
  static final ResNetSpec TINY = new ResNetSpec("tiny-resnet", false, List.of(1, 1, 1, 1), 4);
  static final ResNetSpec TINY_BOTTLENECK =
      new ResNetSpec("tiny-bottleneck", true, List.of(1, 1, 1, 1), 4);
  static final Architectures ARCHS =
      new Architectures(
          List.of(new ResNetArchitecture(TINY), new ResNetArchitecture(TINY_BOTTLENECK)));
  static final String REPO = "org/tiny-resnet";
  static byte[] weights;
  static String sha;

  @TempDir Path tmp;

  @BeforeAll
  static void weights() throws Exception {
    weights = Files.readAllBytes(write(Files.createTempFile("tiny", ".safetensors"), TINY, 7));
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));
  }

  /** Random weights of {@code spec}, with a classifier as torchvision files have. */
  static Path write(Path file, ResNetSpec spec, long seed) throws IOException {
    Random r = new Random(seed);
    SafeTensorsWriter w = new SafeTensorsWriter();
    spec.tensors()
        .forEach(
            (name, shape) -> {
              int n = 1;
              for (long d : shape) {
                n *= (int) d;
              }
              float[] v = new float[n];
              for (int i = 0; i < n; i++) {
                v[i] = name.endsWith("running_var") ? 1f : (float) (0.1 * r.nextGaussian());
              }
              w.f32(name, v, shape);
            });
    w.f32("fc.weight", new float[10 * spec.outputDim()], 10, spec.outputDim());
    return w.write(file);
  }

  static ModelEntry entry(String sha256, long size, String arch) {
    ObjectNode e = new ObjectMapper().createObjectNode();
    e.put("id", "tiny-hub").put("modality", "image").put("output_dim", TINY.outputDim());
    ObjectNode s = e.putObject("source").put("type", "hub").put("repo", REPO);
    s.put("revision", "0123abcd").put("file", "model.safetensors").put("arch", arch);
    if (sha256 != null) {
      s.put("sha256", sha256).put("size", size);
    }
    e.set("preprocessing", ResNetArchitecture.preprocessing());
    return ModelManifest.entry(e);
  }

  ModelInstaller installer(FakeHub hub, int attempts) {
    return new ModelInstaller(
        tmp.resolve("models"),
        null,
        new HubClient.Config(
            hub.endpoint(), "secret", 1, attempts, Duration.ofMillis(1), Duration.ofMillis(5)),
        ARCHS);
  }

  /** Whatever the models folder holds besides the download cache. */
  List<String> leftovers() throws IOException {
    Path models = tmp.resolve("models");
    if (!Files.isDirectory(models)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(models)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".downloads")).toList();
    }
  }

  @Test
  void aPinnedDownloadIsCheckedConvertedAndRecorded() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      hub.model(REPO, "model.safetensors", weights, null, 0);
      ModelEntry e = entry(sha, weights.length, "tiny-resnet");
      Path dir = installer(hub, 3).install(e, null, false, Progress.NONE);
      assertThat(dir.resolve("saved_model.pb")).isRegularFile();
      JsonNode meta = new ObjectMapper().readTree(dir.resolve(ModelInstaller.METADATA).toFile());
      assertThat(meta.path("installed").path("sha256").asText()).isEqualTo(sha);
      assertThat(meta.path("installed").path("sha256_checked_against").asText()).contains("pinned");
      assertThat(meta.path("installed").path("revision").asText()).isEqualTo("0123abcd");
      assertThat(hub.requests).containsExactly(REPO + "/model.safetensors null Bearer secret");
      // the weights are in the SavedModel now: the download is not kept
      assertThat(tmp.resolve("models/.downloads/tiny-hub/model.safetensors")).doesNotExist();
      assertThat(leftovers()).containsExactly("tiny-hub");
    }
  }

  @Test
  void aHashMismatchInstallsNothing() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      hub.model(REPO, "model.safetensors", weights, null, 0);
      ModelEntry e = entry("ab".repeat(32), weights.length, "tiny-resnet");
      assertThatThrownBy(() -> installer(hub, 3).install(e, null, false, Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("sha256 mismatch: expected " + "ab".repeat(32) + ", got " + sha)
          .hasMessageContaining("nothing installed");
      assertThat(leftovers()).isEmpty();
      assertThat(tmp.resolve("models/.downloads/tiny-hub/model.safetensors.part")).doesNotExist();
    }
  }

  @Test
  void withoutAPinnedHashTheHubsLfsHashIsCheckedAndRecorded() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      hub.model(REPO, "model.safetensors", weights, null, 0);
      Path dir =
          installer(hub, 3).install(entry(null, 0, "tiny-resnet"), null, false, Progress.NONE);
      JsonNode meta = new ObjectMapper().readTree(dir.resolve(ModelInstaller.METADATA).toFile());
      assertThat(meta.path("installed").path("sha256").asText()).isEqualTo(sha);
      assertThat(meta.path("installed").path("sha256_checked_against").asText())
          .contains("Hub's LFS sha256");
    }
    try (FakeHub hub = new FakeHub()) {
      hub.model(REPO, "model.safetensors", weights, "cd".repeat(32), 0);
      ModelEntry e = entry(null, 0, "tiny-resnet");
      assertThatThrownBy(() -> installer(hub, 3).install(e, null, true, Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("sha256 mismatch");
    }
  }

  @Test
  void aDroppedConnectionIsResumedWithARangeRequest() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      hub.model(REPO, "model.safetensors", weights, null, 1);
      installer(hub, 3)
          .install(entry(sha, weights.length, "tiny-resnet"), null, false, Progress.NONE);
      assertThat(hub.requests)
          .containsExactly(
              REPO + "/model.safetensors null Bearer secret",
              REPO + "/model.safetensors bytes=" + weights.length / 2 + "- Bearer secret");
      assertThat(leftovers()).containsExactly("tiny-hub");
    }
  }

  @Test
  void anInterruptedDownloadLeavesNoModelAndTheNextRunResumes() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      hub.model(REPO, "model.safetensors", weights, null, 1);
      ModelEntry e = entry(sha, weights.length, "tiny-resnet");
      assertThatThrownBy(() -> installer(hub, 1).install(e, null, false, Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("gave up after 1 attempts")
          .hasMessageContaining("run again to resume");
      assertThat(leftovers()).isEmpty();
      // the .part stays in the repo's download folder (one per repo and revision)
      Path part;
      try (java.util.stream.Stream<Path> files = Files.walk(tmp.resolve("models/.downloads"))) {
        part =
            files
                .filter(f -> f.getFileName().toString().equals("model.safetensors.part"))
                .findFirst()
                .orElseThrow();
      }
      assertThat(part).hasSize(weights.length / 2);
      installer(hub, 1).install(e, null, false, Progress.NONE);
      assertThat(hub.requests.get(1))
          .isEqualTo(REPO + "/model.safetensors bytes=" + weights.length / 2 + "- Bearer secret");
      assertThat(leftovers()).containsExactly("tiny-hub");
    }
  }

  @Test
  void aFileOfTheWrongArchitectureIsNamedAndNotInstalled() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      hub.model(REPO, "model.safetensors", weights, null, 0);
      ModelEntry e = entry(sha, weights.length, "tiny-bottleneck");
      assertThatThrownBy(() -> installer(hub, 3).install(e, null, false, Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageContaining(
              "not a tiny-bottleneck checkpoint: tensor layer1.0.conv3.weight is missing");
      assertThat(leftovers()).isEmpty();
    }
  }

  @Test
  void aHandCopiedFileGetsTheSameChecks() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      ModelInstaller installer = installer(hub, 1);
      ModelEntry e = entry(sha, weights.length, "tiny-resnet");
      Path other = write(tmp.resolve("other.safetensors"), TINY, 8);
      assertThat(Files.size(other)).isEqualTo(weights.length);
      assertThatThrownBy(() -> installer.installFromFile(e, other, false, Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("does not match the pinned " + sha);
      Path truncated = Files.write(tmp.resolve("short.safetensors"), new byte[100]);
      assertThatThrownBy(() -> installer.installFromFile(e, truncated, false, Progress.NONE))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("100 bytes, " + REPO + "/model.safetensors has " + weights.length);
      assertThat(leftovers()).isEmpty();
      Path good = Files.write(tmp.resolve("model.safetensors"), weights);
      Path dir = installer.installFromFile(e, good, false, Progress.NONE);
      assertThat(dir.resolve("saved_model.pb")).isRegularFile();
      assertThat(hub.requests).isEmpty();
    }
  }

  @Test
  void anImportedCheckpointIsAModelReportedAsImported() throws IOException {
    ModelInstaller installer = new ModelInstaller(tmp.resolve("models"), null);
    Path file = Files.write(tmp.resolve("w.safetensors"), weights);
    installer.importModel(
        "mine", new ResNetArchitecture(TINY), ImportFiles.of(file), false, Progress.NONE);
    EncoderRegistry registry =
        new EncoderRegistry(
            ModelManifest.builtin(),
            installer,
            new ModelHasher(tmp.resolve("hashes")),
            EncoderOptions.defaults(1));
    try (ImageEncoder encoder = registry.image("mine", Progress.NONE)) {
      assertThat(encoder.info().weights()).isEqualTo(WeightsKind.IMPORTED);
      assertThat(encoder.info().describe()).isEqualTo("mine (32-d, imported weights)");
      assertThat(encoder.info().note())
          .contains("imported weights (tiny-resnet from w.safetensors");
      assertThat(encoder.preprocessing().resize()).isEqualTo(256);
      float[] f = encoder.encode(new float[224 * 224 * 3], 1);
      assertThat(f).hasSize(32);
    }
    assertThatThrownBy(
            () ->
                installer.importModel(
                    "mine",
                    new ResNetArchitecture(TINY),
                    ImportFiles.of(file),
                    false,
                    Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("already installed");
    assertThatThrownBy(
            () ->
                installer.importModel(
                    "resnet18",
                    new ResNetArchitecture(TINY),
                    ImportFiles.of(file),
                    false,
                    Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("is a model of the manifest");
  }

  @Test
  void badCheckpointsFailWithOneLineAndLeaveNoModel() throws IOException {
    ModelInstaller installer = new ModelInstaller(tmp.resolve("models"), null);
    ResNetArchitecture arch = new ResNetArchitecture(TINY);
    Path full = write(tmp.resolve("full.safetensors"), TINY, 1);
    byte[] bytes = Files.readAllBytes(full);
    // truncated: the header promises more than the file holds
    Path truncated =
        Files.write(tmp.resolve("truncated.safetensors"), java.util.Arrays.copyOf(bytes, 40));
    // oversized header length
    byte[] huge = bytes.clone();
    java.nio.ByteBuffer.wrap(huge).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    Path oversized = Files.write(tmp.resolve("oversized.safetensors"), huge);
    // data offsets outside the file
    Path outside =
        Files.write(
            tmp.resolve("outside.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length - 4));
    // unknown dtype, missing and misshapen tensors
    Path dtype =
        SafeTensorsWriter.write(
            tmp.resolve("dtype.safetensors"),
            "{\"conv1.weight\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            new byte[4]);
    ResNetSpec missingSpec = new ResNetSpec("x", false, List.of(1, 1, 1, 1), 4);
    SafeTensorsWriter missing = new SafeTensorsWriter();
    missingSpec
        .tensors()
        .forEach(
            (n, s) -> {
              if (!n.equals("layer2.0.bn1.running_var")) {
                missing.f32(
                    n, new float[(int) java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b)], s);
              }
            });
    Path missingFile = missing.write(tmp.resolve("missing.safetensors"));
    SafeTensorsWriter misshapen = new SafeTensorsWriter();
    missingSpec
        .tensors()
        .forEach(
            (n, s) -> {
              long[] shape = n.equals("layer3.0.conv2.weight") ? new long[] {16, 16, 1, 1} : s;
              misshapen.f32(
                  n,
                  new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)],
                  shape);
            });
    Path misshapenFile = misshapen.write(tmp.resolve("misshapen.safetensors"));
    Path wrongArch = write(tmp.resolve("bottleneck.safetensors"), TINY_BOTTLENECK, 2);
    record Case(Path file, String message) {}
    for (Case c :
        List.of(
            new Case(truncated, "truncated.safetensors"),
            new Case(oversized, "header"),
            new Case(outside, "outside.safetensors"),
            new Case(dtype, "Q7"),
            new Case(missingFile, "tensor layer2.0.bn1.running_var is missing"),
            new Case(
                misshapenFile,
                "tensor layer3.0.conv2.weight has shape [16, 16, 1, 1], tiny-resnet expects [16, 16, 3, 3]"),
            new Case(wrongArch, "not a tiny-resnet checkpoint"))) {
      assertThatThrownBy(
              () ->
                  installer.importModel(
                      "bad", arch, ImportFiles.of(c.file()), false, Progress.NONE))
          .as(c.file().getFileName().toString())
          .isInstanceOf(UserException.class)
          .hasMessageContaining(c.message())
          .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
      assertThat(leftovers()).as(c.file().getFileName().toString()).isEmpty();
    }
    try (SafeTensors ok = SafeTensors.open(full)) {
      assertThat(ok.has("fc.weight")).isTrue();
    }
  }
}
