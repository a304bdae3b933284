package io.memefusion.features.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.features.EncoderOptions;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.SkippedImage;
import io.memefusion.features.TinyModels;
import io.memefusion.features.tf.ModelSignature;
import io.memefusion.features.tf.SavedModelImageEncoder;
import io.memefusion.features.tf.TfModel;
import io.memefusion.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePipelineTest {

  static SavedModelImageEncoder encoder() {
    return SavedModelImageEncoder.open(
        "tiny-resnet",
        TinyModels.resnet(),
        "hash",
        false,
        "random weights",
        ImagePreprocessing.imagenet(64),
        EncoderOptions.defaults(2));
  }

  @Test
  void resnetSignatureAndShapes() {
    ModelSignature sig = TfModel.readSignature(TinyModels.resnet());
    assertThat(sig.inputs().get("images").shape()).containsExactly(-1, 64, 64, 3);
    assertThat(sig.outputs().get("feature_vector").shape()).containsExactly(-1, 32);
    try (SavedModelImageEncoder e = encoder()) {
      assertThat(e.info().dim()).isEqualTo(TinyModels.resnetConfig().outputDim()).isEqualTo(32);
      assertThat(e.info().pretrained()).isFalse();
      assertThat(e.encode(new float[3 * 64 * 64 * 3], 3)).hasSize(3 * 32);
    }
  }

  @Test
  void skipsMissingAndUnreadableImagesAndKeepsOrder(@TempDir Path dir) throws Exception {
    List<ImagePipeline.Item> items = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Path p = TestImages.picture(dir.resolve("img/" + i + ".png"), 90 + 20 * i, 70 + 10 * i, i);
      items.add(new ImagePipeline.Item("m" + i, "img/" + i + ".png", p));
    }
    items.add(2, new ImagePipeline.Item("gone", "img/gone.png", dir.resolve("img/gone.png")));
    Path broken = Files.write(dir.resolve("img/broken.png"), new byte[] {1, 2, 3, 4});
    items.add(5, new ImagePipeline.Item("broken", "img/broken.png", broken));
    try (SavedModelImageEncoder e = encoder()) {
      ImagePipeline.Output parallel = ImagePipeline.run(items, e, 3, 2, Progress.NONE);
      assertThat(parallel.features().ids())
          .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
      assertThat(parallel.features().values()).hasSize(7 * 32);
      assertThat(parallel.skipped())
          .extracting(SkippedImage::memeId, SkippedImage::reason)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("gone", SkippedImage.Reason.MISSING),
              org.assertj.core.groups.Tuple.tuple("broken", SkippedImage.Reason.UNREADABLE));
      // one image per run, decoded in this thread: the same numbers
      ImagePipeline.Output naive = ImagePipeline.run(items, e, 1, 0, Progress.NONE);
      assertThat(naive.features().ids()).isEqualTo(parallel.features().ids());
      float[] a = parallel.features().values();
      float[] b = naive.features().values();
      for (int i = 0; i < a.length; i++) {
        assertThat(Math.abs(a[i] - b[i])).isLessThan(1e-4f);
      }
    }
  }

  @Test
  void noReadableImageGivesAnEmptyMatrix(@TempDir Path dir) {
    try (SavedModelImageEncoder e = encoder()) {
      ImagePipeline.Output o =
          ImagePipeline.run(
              List.of(new ImagePipeline.Item("x", "x.png", dir.resolve("x.png"))),
              e,
              4,
              2,
              Progress.NONE);
      assertThat(o.features().rows()).isZero();
      assertThat(o.skipped()).hasSize(1);
    }
  }
}
