package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.Dataset;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.Modality;
import io.memefusion.features.SkippedImage;
import io.memefusion.features.SplitFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StudyFeaturesTest {

  private static EmbeddedDataset embedded(Dataset d, boolean pretrainedImage, String pooling) {
    StudyFeatures f = StudyFixture.features(d, 8, 4, Set.of("dev_seen-0"));
    EncoderInfo text =
        new EncoderInfo(
            "bert-tiny",
            Modality.TEXT,
            Path.of("/m/bert"),
            "h1",
            8,
            true,
            "",
            Map.of("pooling", pooling));
    EncoderInfo image =
        new EncoderInfo(
            "resnet18-random",
            Modality.IMAGE,
            Path.of("/m/resnet"),
            "h2",
            4,
            pretrainedImage,
            "",
            Map.of("size", "224"));
    List<SplitFeatures> splits = new ArrayList<>();
    for (String s : f.text().keySet()) {
      List<SkippedImage> skipped =
          s.equals("dev_seen")
              ? List.of(
                  new SkippedImage(
                      "dev_seen-0", "img/dev_seen-0.png", SkippedImage.Reason.MISSING, ""))
              : List.of();
      splits.add(
          new SplitFeatures(s, f.text().get(s), f.image().get(s), skipped, false, false, 0, 0));
    }
    return new EmbeddedDataset(d, text, image, splits, List.of("cache file recomputed"));
  }

  @Test
  void takesMatricesKeyAndNotesFromTheEmbeddedDataset() {
    Dataset d = StudyFixture.dataset(50, 20, 20, true);
    StudyFeatures f = StudyFeatures.of(embedded(d, false, "cls"));
    assertThat(f.text()).containsOnlyKeys("train", "dev_seen", "test_seen");
    assertThat(f.image().get("dev_seen").ids()).doesNotContain("dev_seen-0");
    assertThat(f.description().get("image").get("model_id").asText()).isEqualTo("resnet18-random");
    assertThat(f.description().get("text").get("preprocessing").get("pooling").asText())
        .isEqualTo("cls");
    assertThat(f.description().get("image").get("source").asText()).isEqualTo("resnet18-random");
    assertThat(f.withSources("/models/bert", null).description().get("text").get("source").asText())
        .isEqualTo("/models/bert");
    // transient extraction notes stay out of the result tables; random weights are said plainly
    assertThat(f.notes())
        .containsExactly(
            "The image encoder resnet18-random has random weights (not pretrained): its image results"
                + " are not those of a pretrained model.");
    assertThat(f.key()).isEqualTo(StudyFeatures.of(embedded(d, false, "cls")).key());
    assertThat(f.key()).isNotEqualTo(StudyFeatures.of(embedded(d, false, "mean")).key());
    assertThat(StudyFeatures.of(embedded(d, true, "cls")).notes()).isEmpty();
  }
}
