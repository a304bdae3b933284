package io.memefusion.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import io.memefusion.data.DemoDataset.DemoMeme;
import io.memefusion.data.DemoDataset.Kind;
import io.memefusion.progress.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DemoDatasetTest {
  private static final DemoDataset.Config SMALL = new DemoDataset.Config(60, 7, 96);

  @Test
  void sameSeedGivesIdenticalFiles(@TempDir Path a, @TempDir Path b, @TempDir Path c)
      throws IOException {
    DemoDataset.write(a, SMALL, 2, Progress.NONE);
    DemoDataset.write(b, SMALL, 1, Progress.NONE);
    assertThat(listing(a)).isEqualTo(listing(b)).hasSize(60 + 4);
    for (Path rel : listing(a)) {
      assertThat(Files.readAllBytes(a.resolve(rel)))
          .as(rel.toString())
          .isEqualTo(Files.readAllBytes(b.resolve(rel)));
    }
    DemoDataset.write(c, new DemoDataset.Config(60, 8, 96), 2, Progress.NONE);
    assertThat(Files.readString(c.resolve("train.jsonl")))
        .isNotEqualTo(Files.readString(a.resolve("train.jsonl")));
  }

  private static List<Path> listing(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void writesTheRealLayoutWithPngImagesTheLoaderAccepts(@TempDir Path dir) throws IOException {
    DemoDataset.write(dir, new DemoDataset.Config(40, 1, 320), 2, Progress.NONE);
    LoadedDataset loaded = DatasetLoader.read(dir, LayoutOptions.defaults());
    Dataset d = loaded.dataset();
    assertThat(loaded.report().isEmpty()).isTrue();
    assertThat(d.splits())
        .extracting(Split::name)
        .containsExactly("train", "dev_seen", "test_seen");
    assertThat(d.splits()).allMatch(Split::labeled);
    for (Split s : d.splits()) {
      for (Meme m : s.memes()) {
        assertThat(m.id()).matches("\\d{5}");
        assertThat(m.img()).isEqualTo("img/" + m.id() + ".png");
        BufferedImage image = ImageIO.read(d.imagePath(m).toFile());
        assertThat(image.getWidth()).isBetween(256, 400);
        assertThat(image.getHeight()).isBetween(256, 400);
      }
    }
    assertThat(Files.readAllLines(dir.resolve("train.jsonl")).get(0))
        .matches(
            "\\{\"id\":\"\\d{5}\",\"img\":\"img/\\d{5}\\.png\",\"label\":[01],\"text\":\".+\"}");
  }

  @Test
  void labelsFollowTheConceptsWithTheSpecifiedBalance() {
    DemoDataset.Plan plan = DemoDataset.plan(DemoDataset.Config.defaults());
    assertThat(plan.split("train")).hasSize(600);
    assertThat(plan.split("dev_seen")).hasSize(200);
    assertThat(plan.split("test_seen")).hasSize(200);
    assertThat(share(plan.split("train")))
        .isCloseTo(0.35, org.assertj.core.data.Offset.offset(0.01));
    assertThat(share(plan.split("dev_seen")))
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
    assertThat(share(plan.split("test_seen")))
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
    for (DemoMeme m : plan.memes()) {
      assertThat(m.label())
          .isEqualTo(DemoDataset.hateful(m.textConcept(), m.imageConcept()) ? 1 : 0);
      boolean hatefulKind =
          m.kind() == Kind.TEXT_HATEFUL
              || m.kind() == Kind.IMAGE_HATEFUL
              || m.kind() == Kind.PAIR_HATEFUL;
      assertThat(m.label() == 1).as(m.toString()).isEqualTo(hatefulKind);
    }
    // about a third of the hateful memes are hateful from the text alone, some from the image alone
    List<DemoMeme> hateful = plan.memes().stream().filter(m -> m.label() == 1).toList();
    Map<Kind, Long> kinds =
        hateful.stream().collect(Collectors.groupingBy(DemoMeme::kind, Collectors.counting()));
    assertThat(kinds.get(Kind.TEXT_HATEFUL) / (double) hateful.size()).isBetween(0.3, 0.37);
    assertThat(kinds.get(Kind.IMAGE_HATEFUL) / (double) hateful.size()).isBetween(0.14, 0.2);
    assertThat(kinds.get(Kind.PAIR_HATEFUL) / (double) hateful.size()).isBetween(0.45, 0.55);
  }

  @Test
  void captionsAndPicturesRecurWithBothLabels() {
    DemoDataset.Plan plan = DemoDataset.plan(DemoDataset.Config.defaults());
    for (String split : DemoDataset.SPLITS) {
      List<DemoMeme> memes = plan.split(split);
      // benign text confounders: the caption of a hateful pair, verbatim, on another image
      Set<String> pairCaptions = new HashSet<>();
      Set<Integer> pairPictures = new HashSet<>();
      memes.stream()
          .filter(m -> m.kind() == Kind.PAIR_HATEFUL)
          .forEach(
              m -> {
                pairCaptions.add(m.text());
                pairPictures.add(m.picture());
              });
      long textConfounders =
          memes.stream()
              .filter(m -> m.label() == 0 && pairCaptions.contains(m.text()))
              .filter(m -> m.imageConcept() != m.textConcept())
              .count();
      long imageConfounders =
          memes.stream()
              .filter(m -> m.label() == 0 && pairPictures.contains(m.picture()))
              .filter(m -> m.imageConcept() != m.textConcept())
              .count();
      assertThat(textConfounders).as(split).isGreaterThan(memes.size() / 10);
      assertThat(imageConfounders).as(split).isGreaterThan(memes.size() / 10);
    }
    // every pair concept has hateful pairs and confounders in train
    for (int k = 0; k < 4; k++) {
      int concept = k;
      List<DemoMeme> withCaption =
          plan.split("train").stream().filter(m -> m.textConcept() == concept).toList();
      assertThat(withCaption).anyMatch(m -> m.label() == 1).anyMatch(m -> m.label() == 0);
    }
  }

  private static double share(List<DemoMeme> memes) {
    return memes.stream().filter(m -> m.label() == 1).count() / (double) memes.size();
  }

  @Test
  void replacesAnEarlierDemoButRefusesOtherFolders(@TempDir Path dir) throws IOException {
    DemoDataset.write(dir, SMALL, 2, Progress.NONE);
    DemoDataset.write(dir, new DemoDataset.Config(30, 3, 96), 2, Progress.NONE);
    try (Stream<Path> images = Files.list(dir.resolve("img"))) {
      assertThat(images.count()).isEqualTo(30);
    }
    Path other = Files.createDirectories(dir.resolve("img").getParent().resolveSibling("other"));
    Files.writeString(other.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> DemoDataset.write(other, SMALL, 1, Progress.NONE))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("is not empty and holds no demo dataset");
  }
}
