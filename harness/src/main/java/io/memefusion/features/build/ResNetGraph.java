package io.memefusion.features.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Builds a ResNet (v1: conv, batch norm in inference mode, ReLU; 3x3 max pool after the stem;
 * projection shortcuts where the shape changes; global spatial mean) with seeded random weights and
 * exports it as a SavedModel: input {@code images} float [-1, S, S, 3] (NHWC), output {@code
 * feature_vector} float [-1, D]. Depth 18/34 use basic blocks (D = 8 x width), depth 50/101
 * bottleneck blocks (D = 32 x width); width 64 is the standard size.
 */
public final class ResNetGraph {
  private ResNetGraph() {}

  /** Signature names of the exported model. */
  public static final String INPUT = "images";

  public static final String OUTPUT = "feature_vector";

  /** Architecture, input size and seed. */
  public record Config(int depth, int width, int imageSize, long seed) {
    public Config {
      if (depth != 18 && depth != 34 && depth != 50 && depth != 101) {
        throw new IllegalArgumentException("ResNet depth must be 18, 34, 50 or 101, got " + depth);
      }
      if (width < 1) {
        throw new IllegalArgumentException("ResNet width must be positive, got " + width);
      }
      if (imageSize < 32) {
        throw new IllegalArgumentException("image size must be at least 32, got " + imageSize);
      }
    }

    /** ResNet-18 at 224 px: 512-d features. */
    public static Config resnet18(long seed) {
      return new Config(18, 64, 224, seed);
    }

    /** ResNet-50 at 224 px: 2048-d features. */
    public static Config resnet50(long seed) {
      return new Config(50, 64, 224, seed);
    }

    boolean bottleneck() {
      return depth >= 50;
    }

    List<Integer> blocks() {
      return switch (depth) {
        case 18 -> List.of(2, 2, 2, 2);
        case 34, 50 -> List.of(3, 4, 6, 3);
        default -> List.of(3, 4, 23, 3);
      };
    }

    /** Size of the output feature vector. */
    public int outputDim() {
      return width * 8 * (bottleneck() ? 4 : 1);
    }
  }

  /** Exports a random-weight ResNet to {@code dir}. */
  public static void export(Config config, Path dir) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      long s = config.imageSize();
      Placeholder<TFloat32> images =
          tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 3)));
      Operand<TFloat32> features = new Builder(config).build(tf.withSubScope("resnet"), images);
      Operand<TFloat32> out = tf.withName(OUTPUT).identity(features);
      try (Session session = new Session(g)) {
        session.initialize();
        Files.createDirectories(dir);
        SavedModelBundle.exporter(dir.toString())
            .withSession(session)
            .withSignature(
                Signature.builder()
                    .key(Signature.DEFAULT_KEY)
                    .input(INPUT, images)
                    .output(OUTPUT, out)
                    .build())
            .export();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export ResNet SavedModel to " + dir, e);
    }
  }

  private static final class Builder {
    private final Config c;
    private final Weights w;
    private final float residualGamma;

    Builder(Config c) {
      this.c = c;
      this.w = new Weights(c.seed());
      // the last batch norm of each residual branch starts small (as in trained ResNets), so that
      // activations stay in range through the random-weight network
      int blocks = c.blocks().stream().mapToInt(Integer::intValue).sum();
      this.residualGamma = (float) (1 / Math.sqrt(blocks));
    }

    Operand<TFloat32> build(Ops tf, Operand<TFloat32> images) {
      Ops stem = tf.withSubScope("stem");
      Operand<TFloat32> x = convBn(stem, "conv1", images, 7, 3, c.width(), 2, true, 1f);
      x = stem.nn.maxPool(x, stem.array(1, 3, 3, 1), stem.array(1, 2, 2, 1), "SAME");
      long in = c.width();
      List<Integer> blocks = c.blocks();
      for (int stage = 0; stage < blocks.size(); stage++) {
        long planes = (long) c.width() << stage;
        for (int b = 0; b < blocks.get(stage); b++) {
          int stride = stage > 0 && b == 0 ? 2 : 1;
          Ops scope = tf.withSubScope("stage" + (stage + 1) + "_block" + (b + 1));
          x =
              c.bottleneck()
                  ? bottleneck(scope, x, in, planes, stride)
                  : basic(scope, x, in, planes, stride);
          in = c.bottleneck() ? planes * 4 : planes;
        }
      }
      // global spatial mean: [B, H, W, D] -> [B, D]
      return tf.math.mean(x, tf.array(1, 2));
    }

    private Operand<TFloat32> basic(Ops tf, Operand<TFloat32> x, long in, long planes, int stride) {
      Operand<TFloat32> y = convBn(tf, "conv1", x, 3, in, planes, stride, true, 1f);
      y = convBn(tf, "conv2", y, 3, planes, planes, 1, false, residualGamma);
      return tf.nn.relu(tf.math.add(y, shortcut(tf, x, in, planes, stride)));
    }

    private Operand<TFloat32> bottleneck(
        Ops tf, Operand<TFloat32> x, long in, long planes, int stride) {
      long out = planes * 4;
      Operand<TFloat32> y = convBn(tf, "conv1", x, 1, in, planes, 1, true, 1f);
      y = convBn(tf, "conv2", y, 3, planes, planes, stride, true, 1f);
      y = convBn(tf, "conv3", y, 1, planes, out, 1, false, residualGamma);
      return tf.nn.relu(tf.math.add(y, shortcut(tf, x, in, out, stride)));
    }

    private Operand<TFloat32> shortcut(Ops tf, Operand<TFloat32> x, long in, long out, int stride) {
      return in == out && stride == 1
          ? x
          : convBn(tf, "shortcut", x, 1, in, out, stride, false, 1f);
    }

    /** conv2d (NHWC, SAME) + batch norm in inference mode (+ ReLU). */
    private Operand<TFloat32> convBn(
        Ops tf,
        String name,
        Operand<TFloat32> x,
        long k,
        long in,
        long out,
        int stride,
        boolean relu,
        float gamma) {
      Operand<TFloat32> kernel = w.heNormal(tf, name + "_kernel", k, k, in, out);
      Operand<TFloat32> conv =
          tf.nn.conv2d(x, kernel, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
      Operand<TFloat32> y =
          tf.nn
              .fusedBatchNorm(
                  conv,
                  w.constant(tf, name + "_bn_gamma", gamma, out),
                  w.normal(tf, name + "_bn_beta", 0.01f, out),
                  w.constant(tf, name + "_bn_moving_mean", 0f, out),
                  w.constant(tf, name + "_bn_moving_variance", 1f, out),
                  FusedBatchNorm.isTraining(false),
                  FusedBatchNorm.epsilon(1e-5f))
              .y();
      return relu ? tf.nn.relu(y) : y;
    }
  }
}
