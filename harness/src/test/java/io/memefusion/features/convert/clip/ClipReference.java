package io.memefusion.features.convert.clip;

import java.util.Map;

/**
 * An independent CLIPModel forward pass in plain Java loops (doubles), written from transformers'
 * modeling_clip.py for tests; it shares no code with the converter. Weights in PyTorch layout:
 * Linear weight [out, in], conv weight [out, in, kh, kw]. Pixels are NHWC, as the SavedModel takes.
 */
final class ClipReference {
  private final Map<String, float[]> w;
  private final TinyClip.Spec s;

  ClipReference(Map<String, float[]> weights, TinyClip.Spec spec) {
    this.w = weights;
    this.s = spec;
  }

  /** get_image_features of one image [S, S, 3]. */
  double[] image(float[] pixels, int offset) {
    int h = s.visionHidden();
    int p = s.patch();
    int g = s.imageSize() / s.patch();
    int n = g * g + 1;
    double[][] x = new double[n][h];
    float[] cls = w.get("vision_model.embeddings.class_embedding");
    float[] conv = w.get("vision_model.embeddings.patch_embedding.weight");
    float[] pos = w.get("vision_model.embeddings.position_embedding.weight");
    for (int o = 0; o < h; o++) {
      x[0][o] = cls[o];
    }
    for (int gy = 0; gy < g; gy++) {
      for (int gx = 0; gx < g; gx++) {
        for (int o = 0; o < h; o++) {
          double sum = 0; // no bias
          for (int c = 0; c < 3; c++) {
            for (int ky = 0; ky < p; ky++) {
              for (int kx = 0; kx < p; kx++) {
                int py = gy * p + ky;
                int px = gx * p + kx;
                sum +=
                    conv[((o * 3 + c) * p + ky) * p + kx]
                        * pixels[offset + (py * s.imageSize() + px) * 3 + c];
              }
            }
          }
          x[1 + gy * g + gx][o] = sum;
        }
      }
    }
    for (int t = 0; t < n; t++) {
      for (int o = 0; o < h; o++) {
        x[t][o] += pos[t * h + o];
      }
    }
    x = layerNorm(x, "vision_model.pre_layrnorm");
    for (int l = 0; l < s.visionLayers(); l++) {
      x = encoderLayer(x, "vision_model.encoder.layers." + l + ".", s.visionHeads(), false);
    }
    double[][] pooled = layerNorm(new double[][] {x[0]}, "vision_model.post_layernorm");
    return linearNoBias(pooled[0], w.get("visual_projection.weight"), s.projection());
  }

  /** get_text_features of one row of ids (special tokens included, possibly padded). */
  double[] text(int[] ids) {
    int h = s.textHidden();
    int t = ids.length;
    float[] tok = w.get("text_model.embeddings.token_embedding.weight");
    float[] pos = w.get("text_model.embeddings.position_embedding.weight");
    double[][] x = new double[t][h];
    for (int i = 0; i < t; i++) {
      for (int o = 0; o < h; o++) {
        x[i][o] = tok[ids[i] * h + o] + pos[i * h + o];
      }
    }
    for (int l = 0; l < s.textLayers(); l++) {
      x = encoderLayer(x, "text_model.encoder.layers." + l + ".", s.textHeads(), true);
    }
    x = layerNorm(x, "text_model.final_layer_norm");
    int eot = 0;
    if (s.eosTokenId() == 2) {
      for (int i = 1; i < t; i++) {
        if (ids[i] > ids[eot]) {
          eot = i; // torch.argmax: the first of the largest
        }
      }
    } else {
      for (int i = t - 1; i >= 0; i--) {
        if (ids[i] == s.eosTokenId()) {
          eot = i; // the first position of eos_token_id (0 when absent)
        }
      }
    }
    return linearNoBias(x[eot], w.get("text_projection.weight"), s.projection());
  }

  private double[][] encoderLayer(double[][] x, String p, int heads, boolean causal) {
    int t = x.length;
    int h = x[0].length;
    int d = h / heads;
    double[][] y = layerNorm(x, p + "layer_norm1");
    double[][] q = new double[t][];
    double[][] k = new double[t][];
    double[][] v = new double[t][];
    for (int i = 0; i < t; i++) {
      q[i] = linear(y[i], p + "self_attn.q_proj", h);
      k[i] = linear(y[i], p + "self_attn.k_proj", h);
      v[i] = linear(y[i], p + "self_attn.v_proj", h);
    }
    double scale = Math.pow(d, -0.5);
    double[][] ctx = new double[t][h];
    for (int hd = 0; hd < heads; hd++) {
      for (int i = 0; i < t; i++) {
        double[] score = new double[t];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < t; j++) {
          if (causal && j > i) {
            score[j] = Double.NEGATIVE_INFINITY;
            continue;
          }
          double dot = 0;
          for (int e = 0; e < d; e++) {
            dot += q[i][hd * d + e] * k[j][hd * d + e];
          }
          score[j] = dot * scale;
          max = Math.max(max, score[j]);
        }
        double z = 0;
        for (int j = 0; j < t; j++) {
          score[j] = Math.exp(score[j] - max);
          z += score[j];
        }
        for (int j = 0; j < t; j++) {
          for (int e = 0; e < d; e++) {
            ctx[i][hd * d + e] += score[j] / z * v[j][hd * d + e];
          }
        }
      }
    }
    double[][] out = new double[t][];
    for (int i = 0; i < t; i++) {
      double[] a = linear(ctx[i], p + "self_attn.out_proj", h);
      out[i] = new double[h];
      for (int o = 0; o < h; o++) {
        out[i][o] = x[i][o] + a[o];
      }
    }
    double[][] y2 = layerNorm(out, p + "layer_norm2");
    for (int i = 0; i < t; i++) {
      double[] f = linear(y2[i], p + "mlp.fc1", w.get(p + "mlp.fc1.bias").length);
      for (int j = 0; j < f.length; j++) {
        f[j] =
            s.act().equals("quick_gelu")
                ? f[j] / (1 + Math.exp(-1.702 * f[j]))
                : 0.5 * f[j] * (1 + erf(f[j] / Math.sqrt(2)));
      }
      double[] f2 = linear(f, p + "mlp.fc2", h);
      for (int o = 0; o < h; o++) {
        out[i][o] += f2[o];
      }
    }
    return out;
  }

  private double[] linear(double[] x, String name, int out) {
    double[] y = linearNoBias(x, w.get(name + ".weight"), out);
    float[] b = w.get(name + ".bias");
    for (int o = 0; o < out; o++) {
      y[o] += b[o];
    }
    return y;
  }

  private static double[] linearNoBias(double[] x, float[] weight, int out) {
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        sum += weight[o * x.length + i] * x[i];
      }
      y[o] = sum;
    }
    return y;
  }

  private double[][] layerNorm(double[][] x, String name) {
    float[] g = w.get(name + ".weight");
    float[] b = w.get(name + ".bias");
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double mean = 0;
      for (double v : x[i]) {
        mean += v;
      }
      mean /= x[i].length;
      double var = 0;
      for (double v : x[i]) {
        var += (v - mean) * (v - mean);
      }
      var /= x[i].length;
      out[i] = new double[x[i].length];
      for (int o = 0; o < x[i].length; o++) {
        out[i][o] = (x[i][o] - mean) / Math.sqrt(var + 1e-5) * g[o] + b[o];
      }
    }
    return out;
  }

  /** erf to ~1e-15: the Maclaurin series below 3, the continued fraction of erfc above. */
  private static double erf(double x) {
    double t = Math.abs(x);
    if (t < 3) {
      double sum = 0;
      double term = t;
      for (int n = 0; n < 200; n++) {
        sum += term / (2 * n + 1);
        term *= -t * t / (n + 1);
        if (Math.abs(term) < 1e-17) {
          break;
        }
      }
      return Math.signum(x) * 2 / Math.sqrt(Math.PI) * sum;
    }
    double f = t;
    for (int n = 80; n >= 1; n--) {
      f = t + (n / 2.0) / f;
    }
    return Math.signum(x) * (1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / f);
  }
}
