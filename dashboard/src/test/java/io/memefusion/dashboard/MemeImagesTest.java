package io.memefusion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /sweeps/ID/memes/MEME_ID}: the picture the sweep's dataset names for one of its memes, a
 * placeholder when it is missing or not a regular file, and 404 for anything else: ids outside the
 * dataset (even when a file of that name exists), {@code ..} and encoded paths, unknown sweeps.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MemeImagesTest {
  static RecordedSweeps sweeps;
  static long sweepId;
  static Path img;

  @BeforeAll
  static void start() throws Exception {
    sweeps = RecordedSweeps.get();
    sweepId = sweeps.done().sweepId();
    img = Files.createDirectories(sweeps.dir().resolve("data").resolve("img"));
  }

  @Test
  void aMemeOfTheDatasetIsServedFromItsImgPath() throws Exception {
    byte[] png = png();
    // dev_seen meme 10002's img is img/10002.png in the dataset's jsonl
    Files.write(img.resolve("10002.png"), png);
    HttpResponse<byte[]> r = sweeps.bytes("/sweeps/" + sweepId + "/memes/10002");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(r.headers().firstValue("X-Meme-Image")).hasValue("file");
    assertThat(r.body()).isEqualTo(png);
  }

  @Test
  void aMissingPictureGetsAPlaceholder() throws Exception {
    HttpResponse<byte[]> r = sweeps.bytes("/sweeps/" + sweepId + "/memes/10004");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
    assertThat(r.headers().firstValue("X-Meme-Image")).hasValue("placeholder");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("image missing");
  }

  @Test
  void aFileThatIsNotARasterImageIsNotServed() throws Exception {
    Files.writeString(img.resolve("10008.png"), "<svg onload=\"alert(1)\"></svg>");
    HttpResponse<byte[]> r = sweeps.bytes("/sweeps/" + sweepId + "/memes/10008");
    assertThat(r.headers().firstValue("X-Meme-Image")).hasValue("placeholder");
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains("not an image")
        .doesNotContain("alert");
  }

  @Test
  void aFifoIsNeverOpened() throws Exception {
    Path fifo = img.resolve("10010.png");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
    // opening a FIFO for reading would block until a writer comes: the test timeout would fire
    HttpResponse<byte[]> r = sweeps.bytes("/sweeps/" + sweepId + "/memes/10010");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("not a regular file");
  }

  @Test
  void idsOutsideTheDatasetTraversalsAndUnknownSweepsAre404() throws Exception {
    // a file sits in img/ under a name that is no meme of the dataset: still not served
    Files.write(img.resolve("55555.png"), png());
    for (String path :
        new String[] {
          "/sweeps/" + sweepId + "/memes/55555",
          "/sweeps/" + sweepId + "/memes/99999",
          "/sweeps/" + sweepId + "/memes/..",
          "/sweeps/" + sweepId + "/memes/%2e%2e",
          "/sweeps/" + sweepId + "/memes/..%2F..%2Ftrain.jsonl",
          "/sweeps/" + sweepId + "/memes/img%2F10002.png",
          "/sweeps/" + sweepId + "/memes/10002.png",
          "/sweeps/" + sweepId + "/memes/%2Fetc%2Fpasswd",
          "/sweeps/999999/memes/10002",
          "/sweeps/x/memes/10002"
        }) {
      HttpResponse<String> r = sweeps.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type"))
          .as(path)
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }
  }

  @Test
  void theTrialPageShowsThumbnailsBesideTheWorstMemes() throws Exception {
    long trial = sweeps.done().trialIds().get(0);
    String html = sweeps.get("/trials/" + trial).body();
    assertThat(html)
        .contains(
            "<img class=\"meme-thumb\" src=\"/sweeps/"
                + sweepId
                + "/memes/"
                + SweepFixture.XSS_ID
                + "\" width=\"96\" loading=\"lazy\" alt=\"meme "
                + SweepFixture.XSS_ID
                + "\">");
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 3, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
