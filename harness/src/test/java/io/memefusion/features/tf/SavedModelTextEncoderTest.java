package io.memefusion.features.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import io.memefusion.features.Pooling;
import io.memefusion.features.TextRecipe;
import io.memefusion.features.TinyModels;
import io.memefusion.progress.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SavedModelTextEncoderTest {
  static final List<String> TEXTS =
      List.of(
          "look at this cat!",
          "",
          "when you love the meme so much that you hate my friends, people are not funny",
          "dog",
          "a meme is a meme is a meme. this is a meme? that is not a meme!",
          "zebra unicorn");

  static EncoderOptions options() {
    return EncoderOptions.defaults(2).withTextBatch(4);
  }

  static SavedModelTextEncoder open(Path dir, EncoderOptions options) {
    return SavedModelTextEncoder.open("tiny", dir, "hash", false, "", null, options);
  }

  @Test
  void discoversBothSignatureFlavours() {
    ModelSignature tf2 = TfModel.readSignature(TinyModels.bertTf2());
    assertThat(tf2.inputs()).containsOnlyKeys("input_word_ids", "input_mask", "input_type_ids");
    ModelSignature tf1 = TfModel.readSignature(TinyModels.bertTf1());
    assertThat(tf1.inputs()).containsOnlyKeys("input_ids", "input_mask", "segment_ids");
    assertThat(tf1.inputs().get("input_ids").shape()).containsExactly(-1, 128);
    assertThat(tf1.outputs()).containsKeys("sequence_output", "pooled_output");
    try (SavedModelTextEncoder a = open(TinyModels.bertTf2(), options());
        SavedModelTextEncoder b = open(TinyModels.bertTf1(), options())) {
      assertThat(a.info().dim()).isEqualTo(32);
      // same weights, different names: same features
      float[] fa = a.encode(TEXTS, Progress.NONE);
      float[] fb = b.encode(TEXTS, Progress.NONE);
      assertThat(maxAbsDiff(fa, fb)).isLessThan(1e-5);
      assertThat(b.notes()).anyMatch(n -> n.contains("opened to [-1,-1]"));
    }
  }

  @Test
  void shapesOrderAndProgress() {
    AtomicLong advanced = new AtomicLong();
    Progress counting =
        new Progress() {
          @Override
          public void start(String task, long total, String unit) {}

          @Override
          public void advance(long amount) {
            advanced.addAndGet(amount);
          }

          @Override
          public void done(String summary) {}
        };
    try (SavedModelTextEncoder sorted = open(TinyModels.bertTf2(), options());
        SavedModelTextEncoder unsorted =
            open(
                TinyModels.bertTf2(),
                new EncoderOptions(TextRecipe.DEFAULT, 1, false, 0, 1, 0, options().session()))) {
      float[] f = sorted.encode(TEXTS, counting);
      assertThat(f).hasSize(TEXTS.size() * 32);
      assertThat(advanced.get()).isEqualTo(TEXTS.size());
      // one text per run in input order gives the same rows: sorting did not mix them up
      assertThat(maxAbsDiff(f, unsorted.encode(TEXTS, Progress.NONE))).isLessThan(1e-4);
      assertThat(sorted.encode(List.of(), Progress.NONE)).isEmpty();
    }
  }

  @Test
  void clsIsIdenticalWithAndWithoutPaddingTo128() {
    for (Path model : List.of(TinyModels.bertTf2(), TinyModels.bertTf1())) {
      try (SavedModelTextEncoder dynamic = open(model, options());
          SavedModelTextEncoder padded = open(model, options().naiveText(128))) {
        assertThat(
                maxAbsDiff(
                    dynamic.encode(TEXTS, Progress.NONE), padded.encode(TEXTS, Progress.NONE)))
            .isLessThan(1e-4);
      }
    }
  }

  @Test
  void meanPoolingAveragesRealTokensOnly() {
    try (SavedModelTextEncoder cls = open(TinyModels.bertTf2(), options());
        SavedModelTextEncoder mean =
            open(TinyModels.bertTf2(), options().withPooling(Pooling.MEAN));
        SavedModelTextEncoder meanPadded =
            open(TinyModels.bertTf2(), options().withPooling(Pooling.MEAN).naiveText(128))) {
      float[] c = cls.encode(TEXTS, Progress.NONE);
      float[] m = mean.encode(TEXTS, Progress.NONE);
      assertThat(maxAbsDiff(c, m)).isGreaterThan(1e-3);
      // padding positions do not enter the mean
      assertThat(maxAbsDiff(m, meanPadded.encode(TEXTS, Progress.NONE))).isLessThan(1e-4);
      assertThat(mean.info().preprocessing()).containsEntry("pooling", "mean");
      assertThat(cls.info().preprocessing()).containsEntry("pooling", "cls");
      // by hand: the mean over the three positions of "[CLS] dog [SEP]"
      int[] ids = cls.tokenize(List.of("dog")).get(0);
      assertThat(ids).hasSize(3);
      float[] seq = sequenceOutput(TinyModels.bertTf2(), ids);
      float[] byHand = new float[32];
      for (int t = 0; t < 3; t++) {
        for (int k = 0; k < 32; k++) {
          byHand[k] += seq[t * 32 + k] / 3;
        }
      }
      int row = TEXTS.indexOf("dog");
      assertThat(maxAbsDiff(java.util.Arrays.copyOfRange(m, row * 32, row * 32 + 32), byHand))
          .isLessThan(1e-5);
      assertThat(
              maxAbsDiff(
                  java.util.Arrays.copyOfRange(c, row * 32, row * 32 + 32),
                  java.util.Arrays.copyOfRange(seq, 0, 32)))
          .isLessThan(1e-5);
    }
  }

  /** sequence_output [1, T, 32] of one tokenized text, run directly on the model. */
  static float[] sequenceOutput(Path model, int[] ids) {
    try (TfModel m = TfModel.load(model, options().session());
        TInt32 batch = TInt32.tensorOf(Shape.of(1, ids.length), DataBuffers.of(ids, true, false));
        TInt32 mask =
            TInt32.tensorOf(
                Shape.of(1, ids.length), DataBuffers.of(ones(ids.length), true, false));
        TInt32 types =
            TInt32.tensorOf(
                Shape.of(1, ids.length), DataBuffers.of(new int[ids.length], true, false));
        Result r =
            m.session()
                .runner()
                .feed(tensor(m, "input_word_ids"), batch)
                .feed(tensor(m, "input_mask"), mask)
                .feed(tensor(m, "input_type_ids"), types)
                .fetch(m.signature().outputs().get("sequence_output").tensorName())
                .run()) {
      TFloat32 seq = (TFloat32) r.get(0);
      assertThat(seq.shape().asArray()).containsExactly(1, ids.length, 32);
      float[] out = new float[ids.length * 32];
      seq.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private static String tensor(TfModel m, String input) {
    return m.signature().inputs().get(input).tensorName();
  }

  private static int[] ones(int n) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, 1);
    return a;
  }

  @Test
  void notABertModelIsAUserError(@TempDir Path dir) {
    assertThatThrownBy(() -> open(dir, options()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("saved_model.pb");
    assertThatThrownBy(() -> open(TinyModels.resnet(), options()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("vocab.txt");
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
