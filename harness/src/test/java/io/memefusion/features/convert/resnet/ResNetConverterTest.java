package io.memefusion.features.convert.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import io.memefusion.features.convert.SafeTensors;
import io.memefusion.features.convert.SafeTensorsWriter;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Tiny ResNet-shaped nets (width 4) with random weights and random batch-norm statistics, written
 * as safetensors, converted, and the SavedModel's features compared with {@link ReferenceResNet}
 * (plain loops from torchvision's definition) at sizes where TF's SAME padding would differ from
 * PyTorch's symmetric padding (even sizes at stride 2 somewhere in the net, non-square).
 */
@Timeout(120)
class ResNetConverterTest {
  @TempDir Path tmp;

  /** Random torchvision-layout weights for {@code spec}, plus a classifier and batch counters. */
  static Map<String, float[]> randomWeights(ResNetSpec spec, long seed) {
    Random r = new Random(seed);
    Map<String, float[]> w = new LinkedHashMap<>();
    spec.tensors()
        .forEach(
            (name, shape) -> {
              int n = 1;
              for (long d : shape) {
                n *= (int) d;
              }
              float[] v = new float[n];
              for (int i = 0; i < n; i++) {
                if (name.endsWith("conv1.weight")
                    || name.contains("conv")
                    || name.endsWith("downsample.0.weight")) {
                  double fanIn = shape[1] * shape[2] * shape[3];
                  v[i] = (float) (r.nextGaussian() * Math.sqrt(2 / fanIn));
                } else if (name.endsWith("running_var")) {
                  v[i] = (float) (0.5 + 1.5 * r.nextDouble());
                } else if (name.endsWith("running_mean")) {
                  v[i] = (float) (0.3 * r.nextGaussian());
                } else if (name.endsWith(".weight")) {
                  v[i] = (float) (0.5 + r.nextDouble());
                } else {
                  v[i] = (float) (0.2 * r.nextGaussian());
                }
              }
              w.put(name, v);
            });
    return w;
  }

  static Path write(Path file, ResNetSpec spec, Map<String, float[]> w) throws IOException {
    SafeTensorsWriter out = new SafeTensorsWriter();
    spec.tensors().forEach((name, shape) -> out.f32(name, w.get(name), shape));
    // what a torchvision state dict also holds: ignored by the converter
    out.f32("fc.weight", new float[10 * spec.outputDim()], 10, spec.outputDim());
    out.f32("fc.bias", new float[10], 10);
    out.raw("bn1.num_batches_tracked", SafeTensors.DType.I64, new byte[8]);
    return out.write(file);
  }

  @Test
  void basicBlocksMatchTheReferenceAtOddSizes() throws IOException {
    compare(new ResNetSpec("tiny-basic", false, List.of(2, 1, 2, 1), 4), 11, 38, 45);
  }

  @Test
  void bottleneckBlocksMatchTheReferenceAtOddSizes() throws IOException {
    compare(new ResNetSpec("tiny-bottleneck", true, List.of(1, 2, 1, 1), 4), 12, 37, 50);
  }

  private void compare(ResNetSpec spec, long seed, int h, int wd) throws IOException {
    Map<String, float[]> w = randomWeights(spec, seed);
    Path file = write(tmp.resolve(spec.name() + ".safetensors"), spec, w);
    Path dir = tmp.resolve(spec.name());
    try (SafeTensors st = SafeTensors.open(file)) {
      ResNetConverter.convert(st, spec, 0, dir, Progress.NONE);
    }
    int batch = 2;
    Random r = new Random(seed + 100);
    float[] nhwc = new float[batch * h * wd * 3];
    for (int i = 0; i < nhwc.length; i++) {
      nhwc[i] = (float) r.nextGaussian();
    }
    float[] got = run(dir, nhwc, batch, h, wd);
    ReferenceResNet ref = new ReferenceResNet(w, spec.bottleneck(), spec.blocks(), spec.width());
    double scale = 0;
    double maxDiff = 0;
    int dim = spec.outputDim();
    assertThat(got).hasSize(batch * dim);
    for (int b = 0; b < batch; b++) {
      double[] chw = new double[3 * h * wd];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < wd; x++) {
          for (int c = 0; c < 3; c++) {
            chw[(c * h + y) * wd + x] = nhwc[((b * h + y) * wd + x) * 3 + c];
          }
        }
      }
      double[] expected = ref.features(new ReferenceResNet.Act(3, h, wd, chw));
      for (int i = 0; i < dim; i++) {
        scale = Math.max(scale, Math.abs(expected[i]));
        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - got[b * dim + i]));
      }
    }
    System.out.printf(
        "%s at %dx%d vs reference: max abs diff %.3g, output scale %.4g%n",
        spec.name(), h, wd, maxDiff, scale);
    assertThat(scale).isGreaterThan(0.1);
    assertThat(maxDiff / scale)
        .as("max abs diff %s at output scale %s", maxDiff, scale)
        .isLessThan(1e-4);
  }

  static float[] run(Path dir, float[] nhwc, int batch, int h, int wd) {
    try (SavedModelBundle model = SavedModelBundle.load(dir.toString(), "serve");
        TFloat32 in =
            TFloat32.tensorOf(Shape.of(batch, h, wd, 3), DataBuffers.of(nhwc, true, false));
        Result r =
            model
                .session()
                .runner()
                .feed(ResNetConverter.INPUT, in)
                .fetch(ResNetConverter.OUTPUT)
                .run()) {
      TFloat32 out = (TFloat32) r.get(0);
      float[] f = new float[(int) out.shape().size()];
      out.copyTo(DataBuffers.of(f, false, false));
      return f;
    }
  }

  @Test
  void kernelsGoFromOihwToHwio() {
    // [O=2, I=1, H=1, W=2] -> [H=1, W=2, I=1, O=2]
    float[] hwio = ResNetConverter.oihwToHwio(new float[] {1, 2, 3, 4}, new long[] {2, 1, 1, 2});
    assertThat(hwio).containsExactly(1, 3, 2, 4);
  }

  @Test
  void aFileOfAnotherArchitectureIsNamed() throws IOException {
    ResNetSpec small = new ResNetSpec("tiny-basic", false, List.of(1, 1, 1, 1), 4);
    Path file = write(tmp.resolve("a.safetensors"), small, randomWeights(small, 1));
    ResNetSpec deeper = new ResNetSpec("tiny-deeper", false, List.of(2, 1, 1, 1), 4);
    ResNetSpec bottleneck = new ResNetSpec("tiny-bottleneck", true, List.of(1, 1, 1, 1), 4);
    try (SafeTensors st = SafeTensors.open(file)) {
      assertThatThrownBy(() -> ResNetConverter.check(st, deeper))
          .isInstanceOf(UserException.class)
          .hasMessageContaining(
              "not a tiny-deeper checkpoint: tensor layer1.1.conv1.weight is missing");
      assertThatThrownBy(() -> ResNetConverter.check(st, bottleneck))
          .isInstanceOf(UserException.class)
          .hasMessageContaining(
              "not a tiny-bottleneck checkpoint: tensor layer1.0.conv3.weight is missing");
    }
  }
}
