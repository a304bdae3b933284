package io.memefusion.features.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.memefusion.features.ImagePreprocessing;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ImageDecoderTest {
  static final int S = 16;
  static ImageDecoder unit;
  static ImageDecoder imagenet;

  @BeforeAll
  static void open() {
    unit = new ImageDecoder(ImagePreprocessing.unitRange(S), 2);
    imagenet = new ImageDecoder(ImagePreprocessing.imagenet(S), 2);
  }

  @AfterAll
  static void close() {
    unit.close();
    imagenet.close();
  }

  @Test
  void paletteAlphaAndGreyBecomeRgb(@TempDir Path dir) throws Exception {
    // 255/102/51 lies on the default palette's 6x6x6 colour cube, so the palette holds it exactly
    Color c = new Color(255, 102, 51);
    assertAll(
        decode(
            unit, TestImages.solid(dir.resolve("rgb.png"), 30, 20, BufferedImage.TYPE_INT_RGB, c)),
        255,
        102,
        51);
    assertAll(
        decode(
            unit,
            TestImages.solid(dir.resolve("pal.png"), 30, 20, BufferedImage.TYPE_BYTE_INDEXED, c)),
        255,
        102,
        51);
    // alpha is dropped, the colour kept (PIL's convert("RGB") does the same)
    Color translucent = new Color(255, 102, 51, 90);
    assertAll(
        decode(
            unit,
            TestImages.solid(
                dir.resolve("argb.png"), 30, 20, BufferedImage.TYPE_INT_ARGB, translucent)),
        255,
        102,
        51);
    assertAll(
        decode(
            unit,
            TestImages.solid(
                dir.resolve("grey.png"),
                30,
                20,
                BufferedImage.TYPE_BYTE_GRAY,
                new Color(120, 120, 120))),
        120,
        120,
        120);
    assertAll(
        decode(
            unit,
            TestImages.solid(
                dir.resolve("grey16.png"),
                30,
                20,
                BufferedImage.TYPE_USHORT_GRAY,
                new Color(120, 120, 120))),
        120,
        120,
        120);
  }

  @Test
  void normalisesWithMeanAndStd(@TempDir Path dir) throws Exception {
    float[] px =
        decode(
            imagenet,
            TestImages.solid(
                dir.resolve("c.png"), 50, 50, BufferedImage.TYPE_INT_RGB, new Color(255, 0, 128)));
    assertThat(px[0]).isCloseTo((1f - 0.485f) / 0.229f, within(1e-3f));
    assertThat(px[1]).isCloseTo((0f - 0.456f) / 0.224f, within(1e-3f));
    assertThat(px[2]).isCloseTo((128 / 255f - 0.406f) / 0.225f, within(1e-3f));
  }

  @Test
  void cropsTheCentralSquare(@TempDir Path dir) throws Exception {
    // 80x40: red | green (40 px, the central square) | blue
    float[] px = decode(unit, TestImages.bands(dir.resolve("bands.png"), 80, 40));
    assertAll(px, 0, 255, 0);
    // a tall image keeps its middle rows; an image smaller than S is scaled up
    float[] small =
        decode(
            unit,
            TestImages.solid(
                dir.resolve("small.png"), 5, 9, BufferedImage.TYPE_INT_RGB, Color.GREEN));
    assertAll(small, 0, 255, 0);
  }

  @Test
  void garbageIsUnreadable(@TempDir Path dir) throws Exception {
    Path bad =
        Files.write(dir.resolve("bad.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    assertThatThrownBy(() -> decode(unit, bad))
        .isInstanceOf(ImageDecoder.UnreadableImageException.class);
    Path text = Files.writeString(dir.resolve("text.png"), "not an image at all");
    assertThatThrownBy(() -> decode(unit, text))
        .isInstanceOf(ImageDecoder.UnreadableImageException.class);
  }

  static float[] decode(ImageDecoder d, Path file) throws Exception {
    float[] out = new float[S * S * 3 + 5];
    d.decode(Files.readAllBytes(file), out, 5);
    return java.util.Arrays.copyOfRange(out, 5, out.length);
  }

  /** Every pixel is (r, g, b)/255 in [0, 1]. */
  static void assertAll(float[] px, int r, int g, int b) {
    for (int i = 0; i < px.length; i += 3) {
      assertThat(px[i]).isCloseTo(r / 255f, within(2e-3f));
      assertThat(px[i + 1]).isCloseTo(g / 255f, within(2e-3f));
      assertThat(px[i + 2]).isCloseTo(b / 255f, within(2e-3f));
    }
  }
}
