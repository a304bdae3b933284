package io.memefusion.features.convert.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.convert.ImportFiles;
import io.memefusion.features.convert.SafeTensors;
import io.memefusion.features.convert.SafeTensorsWriter;
import io.memefusion.features.image.ImageDecoder;
import io.memefusion.features.image.PilResize;
import io.memefusion.progress.Progress;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares with golden numbers from PyTorch itself ({@code resources/golden/resnet18-torchvision
 * .json}, made by {@code src/test/golden/resnet/make_golden.py} with Debian's torchvision 0.14 and
 * Pillow 9.4): the preprocessing of formula images must be bit-identical (SHA-256 of the resized
 * 8-bit image and of the float32 input), and a full-size ResNet-18 with formula weights, converted
 * and run on those inputs, must give torchvision's 512 features within 1e-4 of their scale.
 */
@Timeout(180)
class TorchvisionGoldenTest {
  private static JsonNode golden;

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        TorchvisionGoldenTest.class.getResourceAsStream("/golden/resnet18-torchvision.json")) {
      golden = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void resizeAndCropAreThoseOfPilAndTorchvisionBitForBit() throws Exception {
    ImagePreprocessing pre = ImagePreprocessing.torchvision(256, 224);
    assertThat(golden.path("preprocessing").size()).isEqualTo(6);
    try (ImageDecoder decoder = new ImageDecoder(pre, 1)) {
      for (JsonNode g : golden.path("preprocessing")) {
        int i = g.path("index").asInt();
        int h = g.path("height").asInt();
        int w = g.path("width").asInt();
        byte[] rgb = Formula.image(i, h, w);
        int[] size = PilResize.shorterSide(h, w, 256);
        assertThat(size)
            .as("image %d", i)
            .containsExactly(g.path("resized_height").asInt(), g.path("resized_width").asInt());
        byte[] resized = PilResize.resize(rgb, h, w, size[0], size[1]);
        assertThat(sha256(resized))
            .as("resized image %d (%dx%d)", i, w, h)
            .isEqualTo(g.path("resized_sha256").asText());
        float[] input = new float[pre.valuesPerImage()];
        PilResize.transform(rgb, h, w, 256, 224, pre.mean(), pre.std(), input, 0);
        assertThat(sha256(input))
            .as("model input of image %d", i)
            .isEqualTo(g.path("input_sha256").asText());
        // the same through the decoder: PNG bytes -> TF decode -> PilResize
        float[] decoded = new float[pre.valuesPerImage()];
        decoder.decode(png(rgb, h, w), decoded, 0);
        assertThat(decoded).as("decoded image %d", i).containsExactly(input);
      }
    }
  }

  @Test
  void aFullResNet18MatchesTorchvision() throws Exception {
    SafeTensorsWriter writer = new SafeTensorsWriter();
    ResNetSpec.RESNET18.tensors().forEach((n, s) -> writer.f32(n, Formula.tensor(n, s), s));
    writer.f32("fc.weight", Formula.tensor("fc.weight", new long[] {1000, 512}), 1000, 512);
    writer.f32("fc.bias", Formula.tensor("fc.bias", new long[] {1000}), 1000);
    writer.raw("bn1.num_batches_tracked", SafeTensors.DType.I64, new byte[8]);
    Path file = writer.write(tmp.resolve("formula.safetensors"));
    Path dir = tmp.resolve("model");
    new ResNetArchitecture(ResNetSpec.RESNET18).convert(ImportFiles.of(file), dir, Progress.NONE);

    ImagePreprocessing pre = ImagePreprocessing.torchvision(256, 224);
    JsonNode cases = golden.path("resnet18_formula_weights");
    assertThat(cases.size()).isEqualTo(2);
    float[] batch = new float[cases.size() * pre.valuesPerImage()];
    try (ImageDecoder decoder = new ImageDecoder(pre, 1)) {
      for (int b = 0; b < cases.size(); b++) {
        int i = cases.get(b).path("image").asInt();
        JsonNode g = golden.path("preprocessing").get(i);
        int h = g.path("height").asInt();
        int w = g.path("width").asInt();
        decoder.decode(png(Formula.image(i, h, w), h, w), batch, b * pre.valuesPerImage());
      }
    }
    float[] got = ResNetConverterTest.run(dir, batch, cases.size(), 224, 224);
    double scale = 0;
    double maxDiff = 0;
    for (int b = 0; b < cases.size(); b++) {
      JsonNode expected = cases.get(b).path("features");
      assertThat(expected.size()).isEqualTo(512);
      for (int k = 0; k < 512; k++) {
        double e = expected.get(k).asDouble();
        scale = Math.max(scale, Math.abs(e));
        maxDiff = Math.max(maxDiff, Math.abs(e - got[b * 512 + k]));
      }
    }
    System.out.printf(
        "resnet18 vs torchvision: max abs diff %.3g, output scale %.4g%n", maxDiff, scale);
    assertThat(scale).isGreaterThan(0.1);
    assertThat(maxDiff / scale)
        .as("max abs diff %s at output scale %s", maxDiff, scale)
        .isLessThan(1e-4);
  }

  static byte[] png(byte[] rgb, int h, int w) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        img.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static String sha256(float[] f) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(f);
    return sha256(b.array());
  }
}
