package io.memefusion.features.convert.resnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a torchvision ResNet: block type, blocks per stage and stem width (64 in
 * torchvision; tests use tiny widths). Stage {@code i} has {@code width << i} planes; a bottleneck
 * block expands them 4x and puts its stride on the 3x3 convolution (torchvision's "v1.5"). Tensor
 * names are torchvision's state-dict keys ({@code conv1.weight}, {@code layer1.0.bn1.running_mean},
 * {@code layer2.0.downsample.0.weight}, ...), which timm's ResNets share.
 */
public record ResNetSpec(String name, boolean bottleneck, List<Integer> blocks, int width) {
  public ResNetSpec {
    blocks = List.copyOf(blocks);
    if (blocks.size() != 4 || blocks.stream().anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException(
          "a ResNet has 4 stages of at least 1 block, got " + blocks);
    }
    if (width < 1) {
      throw new IllegalArgumentException("ResNet width must be positive, got " + width);
    }
  }

  public static final ResNetSpec RESNET18 =
      new ResNetSpec("resnet18", false, List.of(2, 2, 2, 2), 64);
  public static final ResNetSpec RESNET34 =
      new ResNetSpec("resnet34", false, List.of(3, 4, 6, 3), 64);
  public static final ResNetSpec RESNET50 =
      new ResNetSpec("resnet50", true, List.of(3, 4, 6, 3), 64);
  public static final ResNetSpec RESNET101 =
      new ResNetSpec("resnet101", true, List.of(3, 4, 23, 3), 64);
  public static final ResNetSpec RESNET152 =
      new ResNetSpec("resnet152", true, List.of(3, 8, 36, 3), 64);

  /** torchvision's five ImageNet ResNets. */
  public static final List<ResNetSpec> TORCHVISION =
      List.of(RESNET18, RESNET34, RESNET50, RESNET101, RESNET152);

  public int expansion() {
    return bottleneck ? 4 : 1;
  }

  /** Size of the pooled feature vector: 512 (basic) or 2048 (bottleneck) at width 64. */
  public int outputDim() {
    return width * 8 * expansion();
  }

  /** e.g. "torchvision ResNet-18 layout (BasicBlock, [2, 2, 2, 2])". */
  public String describe() {
    return "torchvision "
        + name
        + " layout ("
        + (bottleneck ? "Bottleneck v1.5" : "BasicBlock")
        + ", blocks "
        + blocks
        + (width == 64 ? "" : ", width " + width)
        + ")";
  }

  /** Every tensor the network reads, with its torchvision shape (OIHW kernels), in order. */
  public Map<String, long[]> tensors() {
    Map<String, long[]> t = new LinkedHashMap<>();
    conv(t, "conv1", width, 3, 7);
    bn(t, "bn1", width);
    long in = width;
    for (int stage = 0; stage < 4; stage++) {
      long planes = (long) width << stage;
      long out = planes * expansion();
      for (int b = 0; b < blocks.get(stage); b++) {
        String p = "layer" + (stage + 1) + "." + b + ".";
        if (bottleneck) {
          conv(t, p + "conv1", planes, in, 1);
          bn(t, p + "bn1", planes);
          conv(t, p + "conv2", planes, planes, 3);
          bn(t, p + "bn2", planes);
          conv(t, p + "conv3", out, planes, 1);
          bn(t, p + "bn3", out);
        } else {
          conv(t, p + "conv1", planes, in, 3);
          bn(t, p + "bn1", planes);
          conv(t, p + "conv2", planes, planes, 3);
          bn(t, p + "bn2", planes);
        }
        if (hasDownsample(stage, b, in)) {
          conv(t, p + "downsample.0", out, in, 1);
          bn(t, p + "downsample.1", out);
        }
        in = out;
      }
    }
    return t;
  }

  /** The stride of block {@code b} of {@code stage}: 2 on the first block of stages 2-4. */
  static int stride(int stage, int b) {
    return stage > 0 && b == 0 ? 2 : 1;
  }

  /** torchvision adds a 1x1 projection where the stride or the channel count changes. */
  boolean hasDownsample(int stage, int b, long in) {
    return stride(stage, b) != 1 || in != ((long) width << stage) * expansion();
  }

  private static void conv(Map<String, long[]> t, String name, long out, long in, long k) {
    t.put(name + ".weight", new long[] {out, in, k, k});
  }

  private static void bn(Map<String, long[]> t, String name, long c) {
    for (String s : new String[] {"weight", "bias", "running_mean", "running_var"}) {
      t.put(name + "." + s, new long[] {c});
    }
  }

  /** Tensors a torchvision checkpoint may carry that the feature extractor does not read. */
  static boolean ignorable(String name) {
    return name.startsWith("fc.") || name.endsWith(".num_batches_tracked");
  }

  /**
   * The torchvision ResNet whose tensor names {@code names} are (classifier and batch counters
   * aside), or null: names the architecture a file really holds when it does not fit the one asked
   * for.
   */
  static String guess(Set<String> names) {
    for (ResNetSpec s : TORCHVISION) {
      Set<String> expected = s.tensors().keySet();
      List<String> used = new ArrayList<>();
      for (String n : names) {
        if (!ignorable(n)) {
          used.add(n);
        }
      }
      if (used.size() == expected.size() && expected.containsAll(used)) {
        return s.name;
      }
    }
    return null;
  }
}
