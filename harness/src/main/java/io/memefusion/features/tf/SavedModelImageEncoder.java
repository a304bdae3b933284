package io.memefusion.features.tf;

import io.memefusion.UserException;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.Modality;
import io.memefusion.features.WeightsKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * An image encoder over a SavedModel whose serving signature takes float images [-1, S, S, 3] and
 * returns a feature vector [-1, D] (TF Hub feature-vector models, {@link
 * io.memefusion.features.build.ResNetGraph}).
 */
public final class SavedModelImageEncoder implements ImageEncoder {
  private final EncoderInfo info;
  private final ImagePreprocessing preprocessing;
  private final EncoderOptions options;
  private final TensorSpec input;
  private final TensorSpec output;
  private final List<String> notes = new ArrayList<>();
  private TfModel model;
  private boolean bf16Checked;

  private SavedModelImageEncoder(
      EncoderInfo info,
      ImagePreprocessing preprocessing,
      EncoderOptions options,
      TensorSpec input,
      TensorSpec output) {
    this.info = info;
    this.preprocessing = preprocessing;
    this.options = options;
    this.input = input;
    this.output = output;
  }

  /**
   * Opens the SavedModel in {@code dir} (weights load on first use). {@code preprocessing} null:
   * the signature's input size (224 if open) with values in [0, 1], TF Hub's convention.
   */
  public static SavedModelImageEncoder open(
      String modelId,
      Path dir,
      String modelHash,
      boolean pretrained,
      String note,
      ImagePreprocessing preprocessing,
      EncoderOptions options) {
    return open(
        modelId,
        dir,
        modelHash,
        pretrained ? WeightsKind.PRETRAINED : WeightsKind.RANDOM,
        note,
        preprocessing,
        options);
  }

  /** As above, with the weights' origin (pretrained, random, imported). */
  public static SavedModelImageEncoder open(
      String modelId,
      Path dir,
      String modelHash,
      WeightsKind weights,
      String note,
      ImagePreprocessing preprocessing,
      EncoderOptions options) {
    ModelSignature sig = TfModel.readSignature(dir);
    TensorSpec in =
        sig.input(t -> t.isFloat() && t.rank() == 4 && t.shape()[3] == 3)
            .orElseThrow(
                () ->
                    new UserException(
                        dir + ": no float image input [-1, H, W, 3] in " + sig.describe()));
    TensorSpec out =
        sig.output(t -> t.isFloat() && t.rank() == 2 && t.key().equals("feature_vector"))
            .or(() -> sig.output(t -> t.isFloat() && t.rank() == 2 && t.shape()[1] > 0))
            .orElseThrow(
                () ->
                    new UserException(
                        dir + ": no feature vector output [-1, D] in " + sig.describe()));
    long h = in.shape()[1];
    ImagePreprocessing pre =
        preprocessing != null ? preprocessing : ImagePreprocessing.unitRange(h > 0 ? (int) h : 224);
    if (h > 0 && h != pre.size()) {
      throw new UserException(
          dir + ": the model takes " + h + " px images, its preprocessing says " + pre.size());
    }
    Map<String, String> described = new TreeMap<>(pre.describe());
    described.put("precision", options.bf16() ? "bf16" : "fp32");
    EncoderInfo info =
        new EncoderInfo(
            modelId,
            Modality.IMAGE,
            dir,
            modelHash,
            (int) out.shape()[1],
            weights,
            note,
            described);
    return new SavedModelImageEncoder(info, pre, options, in, out);
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public ImagePreprocessing preprocessing() {
    return preprocessing;
  }

  @Override
  public List<String> notes() {
    synchronized (notes) {
      return List.copyOf(notes);
    }
  }

  @Override
  public float[] encode(float[] pixels, int n) {
    TfModel m = model();
    float[] result = run(m, pixels, n);
    synchronized (this) {
      if (options.bf16() && !bf16Checked) {
        bf16Checked = true;
        TfModel fp32 = TfModel.load(info.dir(), options.session().withBf16(false));
        float[] reference = run(fp32, pixels, n);
        double cos = SavedModelTextEncoder.minCosine(result, reference, n, info.dim());
        if (cos >= SavedModelTextEncoder.BF16_MIN_COSINE) {
          fp32.close();
          note(String.format(Locale.ROOT, "bf16: min cosine to fp32 %.5f on the first batch", cos));
        } else {
          model.close();
          model = fp32;
          note(
              String.format(Locale.ROOT, "bf16 rejected (min cosine to fp32 %.5f): ran fp32", cos));
          return reference;
        }
      }
    }
    return result;
  }

  @Override
  public synchronized void close() {
    if (model != null) {
      model.close();
      model = null;
    }
  }

  private synchronized TfModel model() {
    if (model == null) {
      model = TfModel.load(info.dir(), options.session());
    }
    return model;
  }

  private void note(String s) {
    synchronized (notes) {
      notes.add(s);
    }
  }

  private float[] run(TfModel m, float[] pixels, int n) {
    int s = preprocessing.size();
    if (pixels.length != n * preprocessing.valuesPerImage()) {
      throw new IllegalArgumentException(
          pixels.length + " values are not " + n + " images of " + s + "x" + s + "x3");
    }
    try (TFloat32 images =
            TFloat32.tensorOf(Shape.of(n, s, s, 3), DataBuffers.of(pixels, true, false));
        Result r =
            m.session()
                .runner()
                .feed(input.tensorName(), images)
                .fetch(output.tensorName())
                .run()) {
      Tensor features = r.get(0);
      float[] out = new float[(int) features.shape().size()];
      ((TFloat32) features).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }
}
