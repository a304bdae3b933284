package io.memefusion.features.convert.resnet;

import java.util.List;
import java.util.Map;

/**
 * torchvision's ResNet forward pass in eval mode, written as plain loops over NCHW arrays from
 * torchvision's definition ({@code torchvision/models/resnet.py}): Conv2d with symmetric zero
 * padding, BatchNorm2d with running statistics and eps 1e-5, MaxPool2d(3, 2, padding 1) whose
 * padding never wins, BasicBlock / Bottleneck (stride on the 3x3), adaptive average pool. It shares
 * no code with the converter (not even the tensor list: names are spelled out here) and accumulates
 * in double.
 */
final class ReferenceResNet {
  private final Map<String, float[]> w;
  private final boolean bottleneck;
  private final List<Integer> blocks;
  private final int width;

  ReferenceResNet(
      Map<String, float[]> weights, boolean bottleneck, List<Integer> blocks, int width) {
    this.w = weights;
    this.bottleneck = bottleneck;
    this.blocks = blocks;
    this.width = width;
  }

  /** A [C, H, W] activation. */
  record Act(int c, int h, int wd, double[] v) {
    double at(int ch, int y, int x) {
      return v[(ch * h + y) * wd + x];
    }
  }

  /** Pooled features of one image given as [3, H, W]. */
  double[] features(Act image) {
    Act x = relu(bn("bn1", conv("conv1", image, width, 7, 2, 3)));
    x = maxPool(x);
    int in = width;
    int expansion = bottleneck ? 4 : 1;
    for (int stage = 0; stage < 4; stage++) {
      int planes = width << stage;
      for (int b = 0; b < blocks.get(stage); b++) {
        String p = "layer" + (stage + 1) + "." + b + ".";
        int stride = stage > 0 && b == 0 ? 2 : 1;
        Act y;
        if (bottleneck) {
          y = relu(bn(p + "bn1", conv(p + "conv1", x, planes, 1, 1, 0)));
          y = relu(bn(p + "bn2", conv(p + "conv2", y, planes, 3, stride, 1)));
          y = bn(p + "bn3", conv(p + "conv3", y, planes * 4, 1, 1, 0));
        } else {
          y = relu(bn(p + "bn1", conv(p + "conv1", x, planes, 3, stride, 1)));
          y = bn(p + "bn2", conv(p + "conv2", y, planes, 3, 1, 1));
        }
        Act identity = x;
        if (stride != 1 || in != planes * expansion) {
          identity =
              bn(p + "downsample.1", conv(p + "downsample.0", x, planes * expansion, 1, stride, 0));
        }
        double[] sum = new double[y.v.length];
        for (int i = 0; i < sum.length; i++) {
          sum[i] = Math.max(0, y.v[i] + identity.v[i]);
        }
        x = new Act(y.c, y.h, y.wd, sum);
        in = planes * expansion;
      }
    }
    double[] pooled = new double[x.c];
    for (int ch = 0; ch < x.c; ch++) {
      double s = 0;
      for (int i = 0; i < x.h * x.wd; i++) {
        s += x.v[ch * x.h * x.wd + i];
      }
      pooled[ch] = s / (x.h * x.wd);
    }
    return pooled;
  }

  private Act conv(String name, Act x, int out, int k, int stride, int pad) {
    float[] kernel = w.get(name + ".weight"); // [out, in, k, k]
    int oh = (x.h + 2 * pad - k) / stride + 1;
    int ow = (x.wd + 2 * pad - k) / stride + 1;
    double[] v = new double[out * oh * ow];
    for (int o = 0; o < out; o++) {
      for (int y = 0; y < oh; y++) {
        for (int xx = 0; xx < ow; xx++) {
          double s = 0;
          for (int i = 0; i < x.c; i++) {
            for (int ky = 0; ky < k; ky++) {
              int iy = y * stride - pad + ky;
              if (iy < 0 || iy >= x.h) {
                continue;
              }
              for (int kx = 0; kx < k; kx++) {
                int ix = xx * stride - pad + kx;
                if (ix < 0 || ix >= x.wd) {
                  continue;
                }
                s += kernel[((o * x.c + i) * k + ky) * k + kx] * x.at(i, iy, ix);
              }
            }
          }
          v[(o * oh + y) * ow + xx] = s;
        }
      }
    }
    return new Act(out, oh, ow, v);
  }

  private Act bn(String name, Act x) {
    float[] g = w.get(name + ".weight");
    float[] b = w.get(name + ".bias");
    float[] m = w.get(name + ".running_mean");
    float[] var = w.get(name + ".running_var");
    double[] v = new double[x.v.length];
    int plane = x.h * x.wd;
    for (int ch = 0; ch < x.c; ch++) {
      double scale = g[ch] / Math.sqrt(var[ch] + 1e-5);
      for (int i = 0; i < plane; i++) {
        v[ch * plane + i] = (x.v[ch * plane + i] - m[ch]) * scale + b[ch];
      }
    }
    return new Act(x.c, x.h, x.wd, v);
  }

  private static Act relu(Act x) {
    double[] v = new double[x.v.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(0, x.v[i]);
    }
    return new Act(x.c, x.h, x.wd, v);
  }

  /** MaxPool2d(kernel 3, stride 2, padding 1): padded cells are -inf, i.e. skipped. */
  private static Act maxPool(Act x) {
    int oh = (x.h + 2 - 3) / 2 + 1;
    int ow = (x.wd + 2 - 3) / 2 + 1;
    double[] v = new double[x.c * oh * ow];
    for (int ch = 0; ch < x.c; ch++) {
      for (int y = 0; y < oh; y++) {
        for (int xx = 0; xx < ow; xx++) {
          double best = Double.NEGATIVE_INFINITY;
          for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
              int iy = y * 2 - 1 + ky;
              int ix = xx * 2 - 1 + kx;
              if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.wd) {
                best = Math.max(best, x.at(ch, iy, ix));
              }
            }
          }
          v[(ch * oh + y) * ow + xx] = best;
        }
      }
    }
    return new Act(x.c, oh, ow, v);
  }
}
