package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SweepContextTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SweepHost HOST =
      new SweepHost("AMD EPYC 7B13", 8, "NVIDIA A100 40960 MiB", "2.18.0", "gpu", "bf16", 4, "x");

  private static SweepContext.Builder demo() {
    return SweepContext.builder()
        .dataset("demo", "/data/demo", "abc")
        .featuresKey("features-1")
        .devSplit("dev_seen")
        .testSplit("test_seen")
        .testLabeled(true)
        .extraSplits(List.of("dev_unseen"))
        .rows(Map.of("train", 90, "dev_seen", 20))
        .dropped(Map.of("dev_seen", 1))
        .features(
            json(
                "{\"text\":{\"model_id\":\"bert-base-uncased\",\"model_hash\":\"ab12\",\"dim\":768,"
                    + "\"pretrained\":true,\"weights\":\"pretrained\",\"note\":\"\","
                    + "\"preprocessing\":{\"max_length\":\"64\",\"pooling\":\"cls\"},"
                    + "\"source\":\"bert-base-uncased\"}}"))
        .notes(List.of("a note"));
  }

  @Test
  void readsBackWhatItWritesWithItsHost() {
    SweepContext c = demo().host(HOST).build();
    assertThat(SweepContext.fromJson(c.toJson())).isEqualTo(c);
    assertThat(c.withHost(null).host()).isNull();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void namedDefaults() {
    SweepContext c = demo().build();
    assertThat(c.trainSplit()).isEqualTo("train");
    assertThat(c.holdoutSplit()).isEqualTo(SweepContext.THRESHOLD_HOLDOUT);
    // the dataset's test split is the scored one, unless that one was carved from train
    assertThat(c.datasetTest()).isEqualTo("test_seen");
    assertThat(demo().testSplit(SweepContext.HOLDOUT_TEST).build().datasetTest()).isNull();
    assertThat(
            demo().testSplit(SweepContext.HOLDOUT_TEST).datasetTest("test").build().datasetTest())
        .isEqualTo("test");
  }

  @Test
  void encodersReadTyped() {
    List<SweepEncoder> encoders = demo().build().encoders();
    assertThat(encoders).hasSize(1);
    SweepEncoder text = encoders.get(0);
    assertThat(text.modality()).isEqualTo("text");
    assertThat(text.modelId()).isEqualTo("bert-base-uncased");
    assertThat(text.modelHash()).isEqualTo("ab12");
    assertThat(text.dim()).isEqualTo(768);
    assertThat(text.pretrained()).isTrue();
    assertThat(text.preprocessing())
        .containsExactly(Map.entry("max_length", "64"), Map.entry("pooling", "cls"));
    assertThat(text.source()).isEqualTo("bert-base-uncased");
    assertThat(text.identified()).isTrue();
  }

  @Test
  void anOldContextWithoutTheNewerFieldsReadsAsNotRecorded() {
    // as sweeps stored it before the host, the dataset test and the encoders' weights were kept
    SweepContext old =
        SweepContext.fromJson(
            json(
                "{\"dataset\":{\"name\":\"old\"},\"splits\":{\"dev\":\"dev_seen\"},"
                    + "\"features\":[{\"modality\":\"image\",\"pretrained\":false}]}"));
    assertThat(old.host()).isNull();
    assertThat(old.hasDatasetRoot()).isFalse();
    assertThat(old.datasetTest()).isNull();
    assertThat(old.trainSplit()).isEqualTo("train");
    assertThat(old.rows()).isEmpty();
    SweepEncoder image = old.encoders().get(0);
    assertThat(image.modality()).isEqualTo("image");
    assertThat(image.pretrained()).isFalse();
    assertThat(image.modelId()).isNull();
    assertThat(image.dim()).isNull();
    assertThat(image.identified()).isFalse();
    // no context at all (the oldest sweeps)
    SweepContext none = SweepContext.fromJson(null);
    assertThat(none.host()).isNull();
    assertThat(none.encoders()).isEmpty();
    assertThat(none.notes()).isEmpty();
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
