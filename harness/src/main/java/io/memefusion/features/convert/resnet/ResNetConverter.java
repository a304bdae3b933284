package io.memefusion.features.convert.resnet;

import io.memefusion.UserException;
import io.memefusion.features.convert.SafeTensors;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Converts a torchvision ResNet state dict ({@code .safetensors}) into a TF SavedModel that
 * computes what PyTorch computes in eval mode, up to float rounding: every convolution and the stem
 * max pool pad symmetrically by hand and then run VALID (TF's SAME pads the extra row and column
 * only at the bottom/right at stride 2, where PyTorch pads both sides); the max pool pads with
 * -inf; batch norm uses the running statistics with eps 1e-5; kernels go from OIHW to HWIO; the
 * pooled features are the spatial mean of the last stage. The classifier ({@code fc.*}) is not
 * used.
 *
 * <p>Weights become variables, restored from the SavedModel's {@code variables/} files (a
 * ResNet-152 is 230 MB of floats; constants would sit in the GraphDef proto, which has a 2 GB
 * ceiling and is parsed whole). Signature {@code serving_default}: {@code images} float [-1, S, S,
 * 3] NHWC (already normalised) → {@code feature_vector} float [-1, D].
 */
public final class ResNetConverter {
  public static final String INPUT = "images";
  public static final String OUTPUT = "feature_vector";
  static final float BN_EPSILON = 1e-5f;

  private ResNetConverter() {}

  /**
   * Checks that {@code weights} holds exactly {@code spec}'s tensors (classifier and batch counters
   * aside) with torchvision's shapes; fails with one line naming the first tensor that does not
   * fit, and the architecture the file looks like when it is another torchvision ResNet.
   */
  public static void check(SafeTensors weights, ResNetSpec spec) {
    Map<String, long[]> expected = spec.tensors();
    Set<String> names = weights.tensors().keySet();
    String looksLike = ResNetSpec.guess(names);
    String hint =
        looksLike != null && !looksLike.equals(spec.name())
            ? " (the file looks like " + looksLike + ": try --arch " + looksLike + ")"
            : "";
    for (String name : expected.keySet()) {
      if (!names.contains(name)) {
        throw new UserException(
            weights.file()
                + ": not a "
                + spec.name()
                + " checkpoint: tensor "
                + name
                + " is missing"
                + hint);
      }
    }
    Set<String> extra = new TreeSet<>();
    for (String name : names) {
      if (!expected.containsKey(name) && !ResNetSpec.ignorable(name)) {
        extra.add(name);
      }
    }
    if (!extra.isEmpty()) {
      throw new UserException(
          weights.file()
              + ": not a "
              + spec.name()
              + " checkpoint: "
              + extra.size()
              + " tensor(s) it does not have, e.g. "
              + extra.iterator().next()
              + hint);
    }
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      long[] found = weights.info(e.getKey()).shape();
      if (!java.util.Arrays.equals(found, e.getValue())) {
        throw new UserException(
            weights.file()
                + ": not a "
                + spec.name()
                + " checkpoint: tensor "
                + e.getKey()
                + " has shape "
                + java.util.Arrays.toString(found)
                + ", "
                + spec.name()
                + " expects "
                + java.util.Arrays.toString(e.getValue())
                + hint);
      }
      if (!weights.info(e.getKey()).dtype().isFloat()) {
        throw new UserException(
            weights.file()
                + ": tensor "
                + e.getKey()
                + " is "
                + weights.info(e.getKey()).dtype()
                + ", not a float type");
      }
    }
  }

  /**
   * Writes the SavedModel of {@code spec} with the weights of {@code weights} into {@code dir};
   * {@code imageSize} fixes the input's height and width (0: any size, for tests).
   */
  public static void convert(
      SafeTensors weights, ResNetSpec spec, int imageSize, Path dir, Progress progress) {
    check(weights, spec);
    Map<String, long[]> shapes = spec.tensors();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      long s = imageSize > 0 ? imageSize : -1;
      Placeholder<TFloat32> images =
          tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 3)));
      Net net = new Net(tf, spec);
      Operand<TFloat32> out = tf.withName(OUTPUT).identity(net.forward(images));
      try (Session session = new Session(g)) {
        progress.start("convert " + spec.name(), shapes.size(), "tensors");
        for (Map.Entry<String, Load> e : net.loads.entrySet()) {
          float[] values = weights.floats(e.getKey(), shapes.get(e.getKey()));
          Load load = e.getValue();
          float[] fed = load.kernel ? oihwToHwio(values, shapes.get(e.getKey())) : values;
          try (TFloat32 t = TFloat32.tensorOf(load.shape, DataBuffers.of(fed, true, false))) {
            session.runner().feed(load.input, t).addTarget(load.assign).run().close();
          }
          progress.advance(1);
        }
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
        progress.done("");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SavedModel to " + dir, e);
    }
  }

  /** [O, I, H, W] (PyTorch) → [H, W, I, O] (TF). */
  static float[] oihwToHwio(float[] w, long[] oihw) {
    int o = (int) oihw[0];
    int in = (int) oihw[1];
    int h = (int) oihw[2];
    int k = (int) oihw[3];
    float[] out = new float[w.length];
    for (int a = 0; a < o; a++) {
      for (int b = 0; b < in; b++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < k; x++) {
            out[((y * k + x) * in + b) * o + a] = w[((a * in + b) * h + y) * k + x];
          }
        }
      }
    }
    return out;
  }

  /** How one variable is filled: its placeholder, assign op and TF shape. */
  private record Load(
      Placeholder<TFloat32> input, Assign<TFloat32> assign, Shape shape, boolean kernel) {}

  /** The graph of one ResNet, its variables named after the torchvision tensors. */
  private static final class Net {
    private final Ops tf;
    private final ResNetSpec spec;
    private final Map<String, Load> loads = new LinkedHashMap<>();

    Net(Ops tf, ResNetSpec spec) {
      this.tf = tf;
      this.spec = spec;
    }

    Operand<TFloat32> forward(Operand<TFloat32> images) {
      Operand<TFloat32> x = tf.nn.relu(bn("bn1", conv("conv1", images, 7, 2, 3)));
      // MaxPool2d(3, stride 2, padding 1): pad with -inf, then VALID (floor mode)
      x =
          tf.nn.maxPool(
              tf.pad(x, paddings(1), tf.constant(Float.NEGATIVE_INFINITY)),
              tf.array(1, 3, 3, 1),
              tf.array(1, 2, 2, 1),
              "VALID");
      long in = spec.width();
      for (int stage = 0; stage < 4; stage++) {
        long planes = (long) spec.width() << stage;
        for (int b = 0; b < spec.blocks().get(stage); b++) {
          String p = "layer" + (stage + 1) + "." + b + ".";
          int stride = ResNetSpec.stride(stage, b);
          Operand<TFloat32> y;
          if (spec.bottleneck()) {
            y = tf.nn.relu(bn(p + "bn1", conv(p + "conv1", x, 1, 1, 0)));
            y = tf.nn.relu(bn(p + "bn2", conv(p + "conv2", y, 3, stride, 1)));
            y = bn(p + "bn3", conv(p + "conv3", y, 1, 1, 0));
          } else {
            y = tf.nn.relu(bn(p + "bn1", conv(p + "conv1", x, 3, stride, 1)));
            y = bn(p + "bn2", conv(p + "conv2", y, 3, 1, 1));
          }
          Operand<TFloat32> identity =
              spec.hasDownsample(stage, b, in)
                  ? bn(p + "downsample.1", conv(p + "downsample.0", x, 1, stride, 0))
                  : x;
          x = tf.nn.relu(tf.math.add(y, identity));
          in = planes * spec.expansion();
        }
      }
      // adaptive average pool to 1x1 + flatten: [B, H, W, D] -> [B, D]
      return tf.math.mean(x, tf.array(1, 2));
    }

    /** PyTorch Conv2d(bias=False, padding=pad): symmetric zero padding, then VALID. */
    private Operand<TFloat32> conv(String name, Operand<TFloat32> x, int k, int stride, int pad) {
      long[] oihw = spec.tensors().get(name + ".weight");
      Operand<TFloat32> kernel =
          variable(name + ".weight", Shape.of(oihw[2], oihw[3], oihw[1], oihw[0]), true);
      Operand<TFloat32> padded = pad == 0 ? x : tf.pad(x, paddings(pad), tf.constant(0f));
      if (k != oihw[2]) {
        throw new IllegalStateException(name + ": kernel " + k + " vs " + oihw[2]);
      }
      return tf.nn.conv2d(padded, kernel, List.of(1L, (long) stride, (long) stride, 1L), "VALID");
    }

    /** BatchNorm2d in eval mode: (x - running_mean) / sqrt(running_var + eps) * weight + bias. */
    private Operand<TFloat32> bn(String name, Operand<TFloat32> x) {
      long c = spec.tensors().get(name + ".weight")[0];
      return tf.nn
          .fusedBatchNorm(
              x,
              variable(name + ".weight", Shape.of(c), false),
              variable(name + ".bias", Shape.of(c), false),
              variable(name + ".running_mean", Shape.of(c), false),
              variable(name + ".running_var", Shape.of(c), false),
              FusedBatchNorm.isTraining(false),
              FusedBatchNorm.epsilon(BN_EPSILON))
          .y();
    }

    private Operand<org.tensorflow.types.TInt32> paddings(int p) {
      return tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}});
    }

    private Variable<TFloat32> variable(String name, Shape shape, boolean kernel) {
      Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
      Placeholder<TFloat32> in =
          tf.withName(name + ".load").placeholder(TFloat32.class, Placeholder.shape(shape));
      Assign<TFloat32> assign = tf.withName(name + ".assign").assign(v, in);
      loads.put(name, new Load(in, assign, shape, kernel));
      return v;
    }
  }

  /** The torchvision tensor names a spec reads, in graph order (tests use it). */
  static List<String> names(ResNetSpec spec) {
    return new ArrayList<>(spec.tensors().keySet());
  }
}
