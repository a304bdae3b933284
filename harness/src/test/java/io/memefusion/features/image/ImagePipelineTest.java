package io.memefusion.features.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.DamagedFiles;
import io.memefusion.data.ImageCheck;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.SkippedImage;
import io.memefusion.features.TinyModels;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.features.tf.ModelSignature;
import io.memefusion.features.tf.SavedModelImageEncoder;
import io.memefusion.features.tf.TfModel;
import io.memefusion.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Timeout(
    value = 120,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
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
  void skipsWhatTheAuditFindsBadAndNothingElse(@TempDir Path dir) throws Exception {
    Path img = Files.createDirectories(dir.resolve("img"));
    byte[] good = Files.readAllBytes(TestImages.picture(img.resolve("good.png"), 120, 90, 1));
    Map<String, Path> files = new java.util.LinkedHashMap<>();
    files.put("good", img.resolve("good.png"));
    files.put(
        "pixels-cut", Files.write(img.resolve("cut.png"), DamagedFiles.truncatedPixels(good, 0.5)));
    files.put("crc", Files.write(img.resolve("crc.png"), DamagedFiles.flippedPixelByte(good)));
    files.put(
        "half",
        Files.write(img.resolve("half.png"), java.util.Arrays.copyOf(good, good.length / 2)));
    // would block the reading thread forever
    files.put("fifo", DamagedFiles.fifo(img.resolve("fifo.png")));
    // would exhaust the heap (readAllBytes of 3 GB)
    files.put("sparse", DamagedFiles.sparsePng(img.resolve("sparse.png"), 3L << 30));
    files.put("good2", TestImages.picture(img.resolve("good2.png"), 80, 100, 2));
    List<ImagePipeline.Item> items = new ArrayList<>();
    files.forEach((id, p) -> items.add(new ImagePipeline.Item(id, "img/" + p.getFileName(), p)));
    ImageCheck audit = ImageCheck.defaults();
    List<String> auditBad =
        items.stream()
            .filter(it -> !audit.check(it.path()).ok())
            .map(ImagePipeline.Item::id)
            .toList();
    try (SavedModelImageEncoder e = encoder()) {
      ImagePipeline.Output o = ImagePipeline.run(items, e, 4, 2, Progress.NONE);
      assertThat(o.features().ids()).containsExactly("good", "good2");
      assertThat(o.skipped()).extracting(SkippedImage::memeId).isEqualTo(auditBad);
      assertThat(o.skipped())
          .extracting(SkippedImage::memeId, SkippedImage::detail)
          .contains(
              org.assertj.core.groups.Tuple.tuple(
                  "fifo", "unreadable: not a regular file (a FIFO, device or socket)"),
              org.assertj.core.groups.Tuple.tuple(
                  "sparse", "too large: file of 3072 MB (limit 256 MB)"));
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
