package io.memefusion.features.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memefusion.features.ImagePreprocessing;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PilBicubicTest {

  @Test
  void upscalesTwoPixelsToFourAsComputedByHand() {
    // in 2 -> out 4 (scale 0.5, support 2): taps of output 0 at distances 0.25 and 1.25,
    // bicubic(a=-0.5) 0.8671875 and -0.0703125, normalised 1.0882353 and -0.0882353:
    // 100 * 1.0882353 - 200 * 0.0882353 = 91.18 -> 91; likewise 120.71 -> 121, 179.29 -> 179,
    // 208.82 -> 209
    byte[] row = {100, 100, 100, (byte) 200, (byte) 200, (byte) 200};
    byte[] out = PilBicubic.resize(row, 2, 1, 4, 1);
    assertThat(unsigned(out, 0)).isEqualTo(91);
    assertThat(unsigned(out, 3)).isEqualTo(121);
    assertThat(unsigned(out, 6)).isEqualTo(179);
    assertThat(unsigned(out, 9)).isEqualTo(209);
    assertThat(PilBicubic.filter(0.25)).isEqualTo(0.8671875);
    assertThat(PilBicubic.filter(1.25)).isEqualTo(-0.0703125);
    assertThat(PilBicubic.filter(2.0)).isZero();
  }

  @Test
  void aSolidImageStaysSolidAtEverySize() {
    for (int[] wh : List.of(new int[] {97, 61}, new int[] {640, 480}, new int[] {30, 500})) {
      byte[] rgb = new byte[wh[0] * wh[1] * 3];
      for (int i = 0; i < rgb.length; i += 3) {
        rgb[i] = (byte) 200;
        rgb[i + 1] = 17;
        rgb[i + 2] = (byte) 255;
      }
      byte[] out = PilBicubic.clipInput(rgb, wh[0], wh[1], 224);
      assertThat(out).hasSize(224 * 224 * 3);
      for (int i = 0; i < out.length; i += 3) {
        assertThat(new int[] {unsigned(out, i), unsigned(out, i + 1), unsigned(out, i + 2)})
            .containsExactly(200, 17, 255);
      }
    }
  }

  @Test
  void anImageWhoseShortEdgeIsTheSizeIsOnlyCropped() {
    // 300 x 224: no resampling, left offset (300 - 224) / 2 = 38
    int w = 300;
    int h = 224;
    byte[] rgb = pattern(w, h);
    byte[] out = PilBicubic.clipInput(rgb, w, h, 224);
    for (int y = 0; y < 224; y += 37) {
      for (int x = 0; x < 224; x += 13) {
        for (int c = 0; c < 3; c++) {
          assertThat(unsigned(out, (y * 224 + x) * 3 + c))
              .isEqualTo(unsigned(rgb, (y * w + x + 38) * 3 + c));
        }
      }
    }
  }

  /** Golden hashes from Pillow 9.4.0 (harness/src/test/golden/pil_bicubic.py). */
  @Test
  void matchesPillowByteForByte() throws Exception {
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/golden/pil_bicubic.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertThat(lines).hasSize(6);
    for (String line : lines) {
      String[] f = line.split(" ");
      int w = Integer.parseInt(f[0]);
      int h = Integer.parseInt(f[1]);
      byte[] out = PilBicubic.clipInput(pattern(w, h), w, h, 224);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out));
      int mid = (112 * 224 + 112) * 3;
      assertThat(unsigned(out, 0) + "," + unsigned(out, 1) + "," + unsigned(out, 2))
          .as("first pixel of %dx%d", w, h)
          .isEqualTo(f[3]);
      assertThat(unsigned(out, mid) + "," + unsigned(out, mid + 1) + "," + unsigned(out, mid + 2))
          .as("centre pixel of %dx%d", w, h)
          .isEqualTo(f[4]);
      assertThat(sha).as("all pixels of %dx%d", w, h).isEqualTo(f[2]);
    }
  }

  @Test
  void decoderAppliesClipMeanAndStdAfterTheCrop(@TempDir Path dir) throws Exception {
    // a PNG of 300 x 224 in the golden pattern: cropped only, so each value is checkable
    int w = 300;
    int h = 224;
    byte[] rgb = pattern(w, h);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        img.setRGB(
            x, y, (unsigned(rgb, p) << 16) | (unsigned(rgb, p + 1) << 8) | unsigned(rgb, p + 2));
      }
    }
    Path png = dir.resolve("p.png");
    ImageIO.write(img, "png", png.toFile());
    ImagePreprocessing pre = ImagePreprocessing.clip(224);
    float[] out = new float[pre.valuesPerImage()];
    try (ImageDecoder d = new ImageDecoder(pre, 1)) {
      d.decode(Files.readAllBytes(png), out, 0);
    }
    float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
    float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
    for (int y = 0; y < 224; y += 31) {
      for (int x = 0; x < 224; x += 17) {
        for (int c = 0; c < 3; c++) {
          float v = unsigned(rgb, (y * w + x + 38) * 3 + c) / 255f;
          assertThat(out[(y * 224 + x) * 3 + c]).isCloseTo((v - mean[c]) / std[c], within(1e-5f));
        }
      }
    }
    assertThat(pre.describe())
        .containsEntry("resize", "shorter_side_224_pil_bicubic_then_center_crop_224_floor");
  }

  /** The golden script's pattern. */
  static byte[] pattern(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        rgb[p] = (byte) ((x * 37 + y * 11) % 256);
        rgb[p + 1] = (byte) ((x * x + 3 * y) % 256);
        rgb[p + 2] = (byte) (((x ^ y) * 5) % 256);
      }
    }
    return rgb;
  }

  private static int unsigned(byte[] b, int i) {
    return b[i] & 0xff;
  }
}
