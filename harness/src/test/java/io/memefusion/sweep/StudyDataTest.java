package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.data.Dataset;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.LabeledFeatures;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StudyDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SweepSpec spec(String extra) {
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree("{" + extra + "}");
      return SpecParser.parse(tree, "test");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void holdsOutAStratifiedTrainSliceAndScoresEverySplit() {
    Dataset d = StudyFixture.dataset(200, 60, 60, true, "dev_unseen");
    StudyData s =
        StudyData.assemble(
            d,
            StudyFixture.features(d, 8, 4, Set.of()).text(),
            StudyFixture.features(d, 8, 4, Set.of()).image(),
            spec(""));
    StudyData.View v = s.view(HeadKind.TEXT);
    assertThat(s.views()).hasSize(1);
    assertThat(v.holdout().split()).isEqualTo("holdout");
    assertThat(v.holdout().rows()).isBetween(18, 22);
    assertThat(v.train().rows() + v.holdout().rows()).isEqualTo(200);
    Set<String> ids = new HashSet<>(v.train().ids());
    assertThat(v.holdout().ids()).noneMatch(ids::contains);
    double trainRate = rate(v.train());
    double holdoutRate = rate(v.holdout());
    assertThat(holdoutRate).isCloseTo(trainRate, org.assertj.core.data.Offset.offset(0.06));
    assertThat(v.scored())
        .extracting(LabeledFeatures::split)
        .containsExactly("dev_seen", "holdout", "test_seen", "dev_unseen");
    assertThat(s.testName()).isEqualTo("test_seen");
    assertThat(s.testLabeled()).isTrue();
    assertThat(s.rows()).containsEntry("dev_seen", 60).containsEntry("test_seen", 60);
    assertThat(s.dropped()).isEmpty();
    // text and image rows of one meme stay together
    assertThat(v.dev().textDim()).isEqualTo(8);
    assertThat(v.dev().imageDim()).isEqualTo(4);
    // the same data twice gives the same hold-out
    StudyData again =
        StudyData.assemble(
            d,
            StudyFixture.features(d, 8, 4, Set.of()).text(),
            StudyFixture.features(d, 8, 4, Set.of()).image(),
            spec(""));
    assertThat(again.view(HeadKind.IMAGE).holdout().ids()).isEqualTo(v.holdout().ids());
  }

  @Test
  void memesWithoutImagesAreDroppedForEveryModelAndCounted() {
    Dataset d = StudyFixture.dataset(100, 40, 40, true);
    StudyFeatures f =
        StudyFixture.features(d, 8, 4, Set.of("dev_seen-1", "dev_seen-2", "test_seen-0"));
    StudyData s = StudyData.assemble(d, f.text(), f.image(), spec(""));
    assertThat(s.view(HeadKind.TEXT)).isSameAs(s.view(HeadKind.EARLY_FUSION));
    assertThat(s.view(HeadKind.TEXT).dev().ids()).hasSize(38).doesNotContain("dev_seen-1");
    assertThat(s.dropped()).containsEntry("dev_seen", 2).containsEntry("test_seen", 1);
    assertThat(s.rows()).containsEntry("dev_seen", 38);
    // same_memes off: text models keep every meme, image models drop
    StudyData apart = StudyData.assemble(d, f.text(), f.image(), spec("\"same_memes\": false"));
    assertThat(apart.views()).hasSize(2);
    assertThat(apart.view(HeadKind.TEXT).dev().rows()).isEqualTo(40);
    assertThat(apart.view(HeadKind.TEXT).dev().image()).isNull();
    assertThat(apart.view(HeadKind.LATE_FUSION).dev().rows()).isEqualTo(38);
    assertThat(apart.view(HeadKind.TEXT).holdout().ids())
        .containsAll(apart.view(HeadKind.IMAGE).holdout().ids());
  }

  @Test
  void aTextOnlySweepNeedsNoImages() {
    Dataset d = StudyFixture.dataset(100, 40, 40, true);
    StudyFeatures f = StudyFixture.features(d, 8, 0, Set.of());
    StudyData s = StudyData.assemble(d, f.text(), null, spec("\"models\": [\"text\"]"));
    assertThat(s.view(HeadKind.TEXT).train().image()).isNull();
    assertThat(s.view(HeadKind.TEXT).dev().rows()).isEqualTo(40);
    assertThatThrownBy(() -> StudyData.assemble(d, f.text(), null, spec("")))
        .hasMessageContaining("image models but no image features");
  }

  @Test
  void holdoutTestCarvesALabeledTestFromTrain() {
    Dataset d = StudyFixture.dataset(200, 40, 40, false);
    StudyFeatures f = StudyFixture.features(d, 8, 4, Set.of());
    StudyData s = StudyData.assemble(d, f.text(), f.image(), spec("\"holdout_test\": 0.2"));
    StudyData.View v = s.view(HeadKind.TEXT);
    assertThat(s.testName()).isEqualTo("holdout_test");
    assertThat(s.testLabeled()).isTrue();
    assertThat(v.test().rows()).isBetween(38, 42);
    assertThat(v.test().labels()).isNotNull();
    assertThat(v.train().rows() + v.holdout().rows() + v.test().rows()).isEqualTo(200);
    // the dataset's own (unlabeled) test is still scored: predictions only
    assertThat(v.extras()).extracting(LabeledFeatures::split).containsExactly("test_seen");
    assertThat(v.extras().get(0).labels()).isNull();
  }

  @Test
  void anUnlabeledTestIsScoredWithoutLabels() {
    Dataset d = StudyFixture.dataset(100, 40, 40, false);
    StudyFeatures f = StudyFixture.features(d, 8, 4, Set.of());
    StudyData s = StudyData.assemble(d, f.text(), f.image(), spec(""));
    assertThat(s.testLabeled()).isFalse();
    assertThat(s.view(HeadKind.TEXT).test().labels()).isNull();
  }

  @Test
  void noDevSplitIsAUserError() {
    Dataset full = StudyFixture.dataset(100, 40, 40, true);
    Dataset d = new Dataset("x", full.root(), List.of(full.train(), full.test().orElseThrow()));
    StudyFeatures f = StudyFixture.features(full, 8, 4, Set.of());
    assertThatThrownBy(() -> StudyData.assemble(d, f.text(), f.image(), spec("")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("has no dev split");
  }

  @Test
  void anEmptyDevSplitIsCalledEmptyNotUnlabeled() {
    Dataset full = StudyFixture.dataset(100, 40, 40, true);
    io.memefusion.data.Split dev = full.dev().orElseThrow();
    Dataset d =
        new Dataset(
            "x",
            full.root(),
            List.of(
                full.train(),
                new io.memefusion.data.Split(
                    dev.name(), dev.role(), dev.file(), dev.sha256(), List.of()),
                full.test().orElseThrow()));
    StudyFeatures f = StudyFixture.features(full, 8, 4, Set.of());
    assertThatThrownBy(() -> StudyData.assemble(d, f.text(), f.image(), spec("")))
        .isInstanceOf(UserException.class)
        .hasMessage("the dev split dev_seen is empty: dev_seen.jsonl has no memes");
  }

  @Test
  void aTrainSplitWithOneClassIsRefused() {
    Dataset full = StudyFixture.dataset(100, 40, 40, true);
    io.memefusion.data.Split train = full.train();
    List<io.memefusion.data.Meme> benign =
        train.memes().stream()
            .map(m -> new io.memefusion.data.Meme(m.id(), m.img(), 0, m.text()))
            .toList();
    Dataset d =
        new Dataset(
            "x",
            full.root(),
            List.of(
                new io.memefusion.data.Split(
                    train.name(), train.role(), train.file(), train.sha256(), benign),
                full.dev().orElseThrow(),
                full.test().orElseThrow()));
    StudyFeatures f = StudyFixture.features(full, 8, 4, Set.of());
    assertThatThrownBy(() -> StudyData.assemble(d, f.text(), f.image(), spec("")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "the train split train has one class only (all 100 memes are labeled 0):"
                + " nothing to learn");
  }

  private static double rate(LabeledFeatures f) {
    double pos = 0;
    for (int y : f.labels()) {
      pos += y;
    }
    return pos / f.rows();
  }
}
