package io.memefusion.features.convert.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.text.ClipTokenizer;
import io.memefusion.features.tf.ClipTextEncoder;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.features.tf.SavedModelImageEncoder;
import io.memefusion.features.tf.TfModel;
import io.memefusion.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Converts a random CLIP written here and compares both towers with {@link ClipReference}, an
 * independent plain-loops forward pass: every embedding within 1e-4 of the output scale (the
 * largest absolute reference value).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClipConverterTest {
  private static final double TOLERANCE = 1e-4;

  @Test
  void imageAndTextEmbeddingsMatchTheReference(@TempDir Path dir) throws Exception {
    TinyClip.Spec spec = TinyClip.Spec.tiny();
    Map<String, float[]> weights = TinyClip.write(dir.resolve("ckpt"), spec, 7);
    ClipConfig config = ClipConfig.read(dir.resolve("ckpt/config.json"));
    assertThat(config.eotByArgmax()).isTrue();
    ClipConverter.exportImage(dir.resolve("ckpt/model.safetensors"), config, dir.resolve("img"));
    ClipConverter.exportText(
        dir.resolve("ckpt/model.safetensors"),
        config,
        dir.resolve("ckpt/tokenizer.json"),
        dir.resolve("txt"));
    ClipReference ref = new ClipReference(weights, spec);
    EncoderOptions options = EncoderOptions.defaults(2).withTextBatch(3);

    // images: random pixels in the normalised range, 5 of them (batches of 2 + 2 + 1)
    int n = 5;
    int per = spec.imageSize() * spec.imageSize() * 3;
    float[] pixels = new float[n * per];
    Random r = new Random(3);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) (r.nextGaussian());
    }
    try (SavedModelImageEncoder enc =
        SavedModelImageEncoder.open(
            "tiny-image",
            dir.resolve("img"),
            "h",
            false,
            "",
            ImagePreprocessing.clip(spec.imageSize()),
            options)) {
      assertThat(enc.info().dim()).isEqualTo(spec.projection());
      float[] got = enc.encode(pixels, n);
      List<double[]> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expected.add(ref.image(pixels, i * per));
      }
      assertClose(got, expected, "image");
    }

    // texts through the tokenizer: lengths differ, so batches are padded
    List<String> texts =
        List.of(
            "a photo of a cat", "Meme", "when you not the dog and the cat is a meme", "the dog");
    try (ClipTextEncoder enc =
        ClipTextEncoder.open("tiny-text", dir.resolve("txt"), "h", false, "", options)) {
      ClipTokenizer.Tokens tokens = enc.tokenize(texts);
      assertThat(tokens.truncated()).isZero();
      List<double[]> expected = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        int[] ids = TinyClip.ids(spec.vocab(), texts.get(i));
        assertThat(tokens.ids().get(i)).containsExactly(ids);
        expected.add(ref.text(ids));
      }
      assertClose(enc.encode(texts, Progress.NONE), expected, "text");
      assertThat(enc.notes()).isEmpty();

      // longer than 16 ids: cut to 15 + end-of-text, counted
      String longText = String.join(" ", java.util.Collections.nCopies(20, "cat"));
      ClipTokenizer.Tokens cut = enc.tokenize(List.of(longText, "a cat"));
      assertThat(cut.truncated()).isEqualTo(1);
      int[] row = cut.ids().get(0);
      assertThat(row).hasSize(16);
      assertThat(row[0]).isEqualTo(spec.vocab() - 2);
      assertThat(row[15]).isEqualTo(spec.vocab() - 1);
      assertThat(row[14]).isEqualTo(TinyClip.WORDS.indexOf("cat"));
      float[] e = enc.encode(List.of(longText), Progress.NONE);
      assertClose(e, List.of(ref.text(row)), "truncated text");
      assertThat(enc.notes())
          .containsExactly("tiny-text: 1 of 1 texts longer than 16 tokens were truncated");
    }
  }

  @Test
  void firstEosRuleAndGeluFollowTheConfig(@TempDir Path dir) throws Exception {
    // eos_token_id 5 (not 2): the first position of id 5, not the largest id; exact gelu
    TinyClip.Spec spec = TinyClip.Spec.tiny().withEos(5).withAct("gelu");
    Map<String, float[]> weights = TinyClip.write(dir.resolve("ckpt"), spec, 11);
    ClipConfig config = ClipConfig.read(dir.resolve("ckpt/config.json"));
    assertThat(config.eotByArgmax()).isFalse();
    ClipConverter.exportText(
        dir.resolve("ckpt/model.safetensors"),
        config,
        dir.resolve("ckpt/tokenizer.json"),
        dir.resolve("txt"));
    ClipReference ref = new ClipReference(weights, spec);
    // row 0: id 5 at position 2, larger ids before and after; row 1: no id 5 -> position 0
    int[][] rows = {{38, 3, 5, 39, 5, 0}, {38, 3, 4, 39, 0, 0}};
    float[] got = runIds(dir.resolve("txt"), rows);
    assertClose(got, List.of(ref.text(rows[0]), ref.text(rows[1])), "first-eos text");
    // the largest id would have been position 3: the two rules really differ here
    TinyClip.Spec argmax = spec.withEos(2);
    assertThat(maxAbs(ref.text(rows[0]), new ClipReference(weights, argmax).text(rows[0])))
        .isGreaterThan(1e-3);
  }

  @Test
  void badInputsAreOneLineNamingTheProblem(@TempDir Path dir) throws Exception {
    TinyClip.Spec spec = TinyClip.Spec.tiny();
    TinyClip.write(dir.resolve("ckpt"), spec, 1);
    Path weights = dir.resolve("ckpt/model.safetensors");
    Path tokenizer = dir.resolve("ckpt/tokenizer.json");

    Path bert =
        Files.writeString(
            dir.resolve("bert.json"), "{\"model_type\":\"bert\",\"hidden_size\":768}");
    assertThatThrownBy(() -> ClipConfig.read(bert))
        .isInstanceOf(UserException.class)
        .hasMessage(bert + ": not a CLIPModel config (model_type 'bert', expected 'clip')");
    Path notJson = Files.writeString(dir.resolve("x.json"), "{oops");
    assertThatThrownBy(() -> ClipConfig.read(notJson))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(notJson + ": not a readable JSON config");

    // the config says 32-d vision, the tensors are 24-d: the first tensor read is named
    TinyClip.Spec wider =
        new TinyClip.Spec(32, 2, 4, 64, 40, 16, 32, 2, 4, 48, 32, 8, 12, 2, "quick_gelu");
    Path cfg = Files.writeString(dir.resolve("wider.json"), TinyClip.config(wider));
    ClipConfig wrong = ClipConfig.read(cfg);
    assertThatThrownBy(() -> ClipConverter.exportImage(weights, wrong, dir.resolve("bad-img")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(
            "tensor vision_model.embeddings.patch_embedding.weight has shape [24, 3, 8, 8], expected [32, 3, 8, 8]")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

    // a tokenizer of 30 ids for a 40-id model
    Path small = Files.writeString(dir.resolve("small-tokenizer.json"), TinyClip.tokenizer(30));
    ClipConfig ok = ClipConfig.read(dir.resolve("ckpt/config.json"));
    assertThatThrownBy(() -> ClipConverter.exportText(weights, ok, small, dir.resolve("bad-txt")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            small
                + ": the tokenizer has 30 token ids but the model's vocab_size is 40: not this"
                + " model's tokenizer");
    assertThat(dir.resolve("bad-txt")).doesNotExist();

    // a checkpoint without the text tower
    Path imageOnly = dir.resolve("image-only.safetensors");
    io.memefusion.features.convert.SafeTensorsWriter w =
        new io.memefusion.features.convert.SafeTensorsWriter();
    TinyClip.weights(spec, 1)
        .forEach(
            (name, v) -> {
              if (!name.startsWith("text")) {
                w.f32(name, v, TinyClip.shape(spec, name));
              }
            });
    w.write(imageOnly);
    assertThatThrownBy(() -> ClipConverter.exportText(imageOnly, ok, tokenizer, dir.resolve("t2")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("text_model.embeddings.token_embedding.weight");
  }

  private static float[] runIds(Path dir, int[][] rows) {
    int n = rows.length;
    int t = rows[0].length;
    int[] flat = new int[n * t];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], 0, flat, i * t, t);
    }
    try (TfModel m = TfModel.load(dir, EncoderOptions.defaults(2).session());
        TInt32 ids = TInt32.tensorOf(Shape.of(n, t), DataBuffers.of(flat, true, false));
        Result r =
            m.session()
                .runner()
                .feed(ClipConverter.INPUT_IDS, ids)
                .fetch(ClipConverter.TEXT_EMBEDS)
                .run()) {
      TFloat32 e = (TFloat32) r.get(0);
      float[] out = new float[(int) e.shape().size()];
      e.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private static double maxAbs(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static void assertClose(float[] got, List<double[]> expected, String what) {
    int dim = expected.get(0).length;
    assertThat(got).hasSize(expected.size() * dim);
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      for (int k = 0; k < dim; k++) {
        scale = Math.max(scale, Math.abs(expected.get(i)[k]));
        worst = Math.max(worst, Math.abs(got[i * dim + k] - expected.get(i)[k]));
      }
    }
    assertThat(scale).as("%s output scale", what).isGreaterThan(0.1);
    assertThat(worst / scale).as("%s: max |diff| / output scale", what).isLessThan(TOLERANCE);
  }
}
