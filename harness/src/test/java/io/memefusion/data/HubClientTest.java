package io.memefusion.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubClientTest {

  /** Records what a download reports. */
  static final class Recorder implements Progress {
    final AtomicLong total = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    volatile String summary;

    @Override
    public void start(String task, long total, String unit) {
      this.total.set(total);
    }

    @Override
    public void advance(long amount) {
      done.addAndGet(amount);
    }

    @Override
    public void done(String summary) {
      this.summary = summary;
    }
  }

  private static HubClient client(FakeHub hub) {
    return new HubClient(
        new HubClient.Config(
            hub.endpoint(), "secret", 4, 4, Duration.ofMillis(5), Duration.ofMillis(50)));
  }

  @Test
  void listsAllPagesWithSizesAndHashes() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      List<HubClient.RemoteFile> files = client(hub).list(FakeHub.REPO, "main");
      assertThat(files)
          .extracting(HubClient.RemoteFile::path)
          .containsExactly(
              "train.jsonl",
              "README.md",
              "img/a.png",
              "img/b.png",
              "img/c.png",
              "img/bad.png",
              "img/moved.png");
      HubClient.RemoteFile a = files.get(2);
      assertThat(a.size()).isEqualTo(3000);
      assertThat(a.sha256()).hasSize(64);
      assertThat(a.gitOid()).isNull();
      assertThat(files.get(0).gitOid()).hasSize(40);
    }
  }

  @Test
  void aStalledBodyIsAbandonedAfterTheStallTimeoutAndResumedFromThePart(@TempDir Path out)
      throws IOException {
    try (FakeHub hub = new FakeHub()) {
      hub.stallOnce("README.md");
      HubClient client =
          new HubClient(
              new HubClient.Config(
                      hub.endpoint(), "secret", 4, 4, Duration.ofMillis(5), Duration.ofMillis(50))
                  .withStallTimeout(Duration.ofMillis(300)));
      HubClient.Summary s = client.download(FakeHub.REPO, "main", out, new Recorder());

      assertThat(Files.readAllBytes(out.resolve("README.md"))).isEqualTo(hub.content("README.md"));
      assertThat(out.resolve("README.md.part")).doesNotExist();
      // the first request stalled after 4 of 8 bytes; the second asked only for the rest
      assertThat(hub.requests.stream().filter(r -> r.startsWith("README.md ")))
          .containsExactly("README.md null Bearer secret", "README.md bytes=4- Bearer secret");
      assertThat(s.failures()).noneMatch(f -> f.contains("README.md"));
    }
  }

  @Test
  void downloadsRetriesResumesAndChecks(@TempDir Path out) throws IOException {
    try (FakeHub hub = new FakeHub()) {
      Recorder progress = new Recorder();
      HubClient.Summary s = client(hub).download(FakeHub.REPO, "main", out, progress);

      assertThat(s.failures())
          .singleElement()
          .asString()
          .startsWith("img/bad.png: sha256 mismatch: expected ");
      assertThat(s.files()).isEqualTo(7);
      assertThat(s.downloaded()).isEqualTo(6);
      assertThat(s.skipped()).isZero();
      assertThat(s.retried()).isEqualTo(3); // the 429, the 503 and the cut connection
      for (String path :
          List.of(
              "train.jsonl", "README.md", "img/a.png", "img/b.png", "img/c.png", "img/moved.png")) {
        assertThat(Files.readAllBytes(out.resolve(path))).as(path).isEqualTo(hub.content(path));
        assertThat(out.resolve(path + ".part")).doesNotExist();
      }
      assertThat(out.resolve("img/bad.png")).doesNotExist();
      assertThat(out.resolve("img/bad.png.part")).doesNotExist();
      // the cut download resumed where it broke off
      assertThat(hub.requests).contains("img/c.png bytes=50000- Bearer secret");
      // the token goes to the Hub, never to the host a redirect leads to
      assertThat(hub.requests)
          .contains("img/moved.png null Bearer secret", "cdn/moved.png null null");
      assertThat(hub.hits("img/a.png")).isEqualTo(2);
      assertThat(hub.hits("img/b.png")).isEqualTo(2);
      assertThat(progress.done.get()).isEqualTo(progress.total.get());
      assertThat(progress.summary)
          .isEqualTo(s.line())
          .contains("6 downloaded")
          .contains("1 failed");

      // a second run skips complete files and resumes a partial one with Range
      byte[] a = hub.content("img/a.png");
      Files.delete(out.resolve("img/a.png"));
      Files.write(out.resolve("img/a.png.part"), Arrays.copyOf(a, 1000));
      hub.requests.clear();
      HubClient.Summary again = client(hub).download(FakeHub.REPO, "main", out, Progress.NONE);
      assertThat(again.skipped()).isEqualTo(5);
      assertThat(again.downloaded()).isEqualTo(1);
      assertThat(again.failures()).hasSize(1);
      assertThat(hub.requests)
          .containsExactlyInAnyOrder(
              "img/a.png bytes=1000- Bearer secret", "img/bad.png null Bearer secret");
      assertThat(Files.readAllBytes(out.resolve("img/a.png"))).isEqualTo(a);
    }
  }

  @Test
  void aCorruptCompleteFileIsDownloadedAgain(@TempDir Path out) throws IOException {
    try (FakeHub hub = new FakeHub()) {
      client(hub).download(FakeHub.REPO, "main", out, Progress.NONE);
      byte[] wrong = hub.content("img/b.png").clone();
      wrong[10] ^= 1; // same size, different content
      Files.write(out.resolve("img/b.png"), wrong);
      HubClient.Summary s = client(hub).download(FakeHub.REPO, "main", out, Progress.NONE);
      assertThat(s.downloaded()).isEqualTo(1);
      assertThat(Files.readAllBytes(out.resolve("img/b.png"))).isEqualTo(hub.content("img/b.png"));
    }
  }

  @Test
  void unknownRepoAndBadNamesAreOneLine() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      assertThatThrownBy(() -> client(hub).list("org/other", "main"))
          .isInstanceOf(UserException.class)
          .hasMessage("no dataset org/other at revision main on " + hub.endpoint() + " (HTTP 404)");
      assertThatThrownBy(() -> client(hub).list("../etc", "main"))
          .isInstanceOf(UserException.class)
          .hasMessage("--repo must look like owner/name, got: ../etc");
    }
  }

  @Test
  void backoffGrowsWithJitterAndHonoursRetryAfter() {
    HubClient.Config config =
        new HubClient.Config(
            URI.create("https://huggingface.co"),
            null,
            1,
            6,
            Duration.ofMillis(100),
            Duration.ofSeconds(2));
    Retry retry = new Retry(config, new AtomicInteger());
    assertThat(retry.delay(1, Optional.empty()).toMillis()).isBetween(50L, 100L);
    assertThat(retry.delay(3, Optional.empty()).toMillis()).isBetween(200L, 400L);
    assertThat(retry.delay(10, Optional.empty()).toMillis()).isBetween(1000L, 2000L);
    assertThat(retry.delay(1, Optional.of("1"))).isEqualTo(Duration.ofSeconds(1));
    assertThat(retry.delay(1, Optional.of("3600"))).isEqualTo(Duration.ofSeconds(2));
    assertThat(Retry.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    assertThat(Retry.parseRetryAfter("soon")).isEmpty();
  }
}
