package io.memefusion.features.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.FakeHub;
import io.memefusion.data.HubClient;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One per-user store of downloaded Hub weights ({@code --model-cache}), shared by every home and
 * checked by hash: a second home asks the Hub for nothing; a damaged cached file is found by its
 * hash and downloaded again. A width-4 ResNet stands in for the real weights (the fake Hub of
 * {@code HubModelInstallTest}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ModelCacheTest {
  @TempDir Path tmp;
  private byte[] weights;
  private String sha;

  @BeforeEach
  void weights() throws Exception {
    weights =
        Files.readAllBytes(
            HubModelInstallTest.write(
                tmp.resolve("tiny.safetensors"), HubModelInstallTest.TINY, 7));
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));
  }

  private ModelInstaller installer(FakeHub hub, String home) {
    return new ModelInstaller(
        tmp.resolve(home).resolve("models"),
        null,
        tmp.resolve("cache"),
        new HubClient.Config(
            hub.endpoint(), null, 1, 3, Duration.ofMillis(1), Duration.ofMillis(5)),
        HubModelInstallTest.ARCHS);
  }

  private Path cached() {
    return tmp.resolve("cache/hub/org--tiny-resnet@0123abcd/model.safetensors");
  }

  @Test
  void aSecondHomeDownloadsNothingAndADamagedFileIsDownloadedAgain() throws IOException {
    ModelEntry e = HubModelInstallTest.entry(sha, weights.length, "tiny-resnet");
    try (FakeHub hub = new FakeHub()) {
      hub.model(HubModelInstallTest.REPO, "model.safetensors", weights, null, 0);
      installer(hub, "a").install(e, null, false, Progress.NONE);
      assertThat(hub.requests).hasSize(1);
      assertThat(cached()).hasBinaryContent(weights); // kept after the conversion

      Path b = installer(hub, "b").install(e, null, false, Progress.NONE);
      assertThat(b.resolve("saved_model.pb")).isRegularFile();
      assertThat(hub.requests).as("the second home's requests").hasSize(1);
      assertThat(hub.listings).hasValue(0);

      // one byte changed, same size: the hash finds it, the file is fetched again
      byte[] damaged = weights.clone();
      damaged[damaged.length / 2] ^= 1;
      Files.write(cached(), damaged);
      Path c = installer(hub, "c").install(e, null, false, Progress.NONE);
      assertThat(c.resolve("saved_model.pb")).isRegularFile();
      assertThat(hub.requests).hasSize(2);
      assertThat(cached()).hasBinaryContent(weights);
    }
  }

  @Test
  void withoutAPinnedHashTheHubsListingIsKeptWithTheFile() throws IOException {
    ModelEntry e = HubModelInstallTest.entry(null, 0, "tiny-resnet");
    try (FakeHub hub = new FakeHub()) {
      hub.model(HubModelInstallTest.REPO, "model.safetensors", weights, null, 0);
      installer(hub, "a").install(e, null, false, Progress.NONE);
      assertThat(hub.listings).hasValue(1);
      assertThat(hub.requests).hasSize(1);

      installer(hub, "b").install(e, null, false, Progress.NONE);
      assertThat(hub.listings).as("no listing asked for by the second home").hasValue(1);
      assertThat(hub.requests).hasSize(1);

      Files.write(cached(), new byte[weights.length]); // zeros: the listed sha256 finds it
      installer(hub, "c").install(e, null, false, Progress.NONE);
      assertThat(hub.listings).hasValue(1);
      assertThat(hub.requests).hasSize(2);
      assertThat(cached()).hasBinaryContent(weights);
    }
  }
}
