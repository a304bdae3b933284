package io.memefusion.features.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.data.SplitRole;
import io.memefusion.db.Database;
import io.memefusion.db.FeatureSetDao;
import io.memefusion.db.FeatureSetRow;
import io.memefusion.db.FeatureStoreDao;
import io.memefusion.features.EmbeddedDataset;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.Pooling;
import io.memefusion.features.SkippedImage;
import io.memefusion.features.SplitFeatures;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.TinyModels;
import io.memefusion.features.cache.FeatureCache;
import io.memefusion.features.image.TestImages;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.features.tf.SavedModelImageEncoder;
import io.memefusion.features.tf.SavedModelTextEncoder;
import io.memefusion.progress.Progress;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FeatureExtractorTest {
  static Database db;
  static FeatureSetDao dao;
  @TempDir Path root;
  FeatureExtractor extractor;
  EncoderOptions options = EncoderOptions.defaults(2).withTextBatch(4).withImageBatch(3);

  @BeforeAll
  static void startDatabase() {
    db = Database.temporary();
    dao = db.jdbi().onDemand(FeatureSetDao.class);
  }

  @AfterAll
  static void stopDatabase() {
    db.close();
  }

  @BeforeEach
  void clean() {
    db.jdbi().useHandle(h -> h.execute("DELETE FROM feature_set; DELETE FROM feature_extraction"));
    extractor = new FeatureExtractor(new FeatureCache(root.resolve("cache"), db.jdbi()), options);
  }

  SavedModelTextEncoder text(String hash, Pooling pooling) {
    return SavedModelTextEncoder.open(
        "tiny-bert", TinyModels.bertTf2(), hash, false, "", null, options.withPooling(pooling));
  }

  SavedModelImageEncoder image() {
    return SavedModelImageEncoder.open(
        "tiny-resnet",
        TinyModels.resnet(),
        "r1",
        false,
        "random weights",
        ImagePreprocessing.imagenet(64),
        options);
  }

  /** train: 6 memes (one image missing, one broken); dev: 3 memes. */
  Dataset dataset(String devText) throws Exception {
    Path data = root.resolve("data");
    List<Meme> train = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String img = "img/t" + i + ".png";
      if (i != 2 && i != 4 && !Files.exists(data.resolve(img))) {
        TestImages.picture(data.resolve(img), 80 + 10 * i, 60, i);
      }
      train.add(new Meme("t" + i, img, i % 2, "look at this meme number " + i));
    }
    Files.createDirectories(data.resolve("img"));
    Files.write(data.resolve("img/t4.png"), new byte[] {9, 9, 9});
    List<Meme> dev = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String img = "img/d" + i + ".png";
      if (!Files.exists(data.resolve(img))) {
        TestImages.picture(data.resolve(img), 70, 90, 100 + i);
      }
      dev.add(new Meme("d" + i, img, i % 2, i == 0 ? devText : "the dog is funny " + i));
    }
    return new Dataset(
        "test",
        data,
        List.of(
            new Split("train", SplitRole.TRAIN, data.resolve("train.jsonl"), "sha-train", train),
            new Split("dev", SplitRole.DEV, data.resolve("dev.jsonl"), "sha-dev", dev)));
  }

  @Test
  void computesThenLoadsFromCache() throws Exception {
    Dataset d = dataset("my cat");
    EmbeddedDataset first;
    try (TextEncoder t = text("h1", Pooling.CLS);
        ImageEncoder i = image()) {
      first = extractor.embed(d, t, i, Progress.NONE);
    }
    SplitFeatures train = first.split("train").orElseThrow();
    assertThat(train.text().rows()).isEqualTo(6);
    assertThat(train.text().dim()).isEqualTo(32);
    assertThat(train.image().ids()).containsExactly("t0", "t1", "t3", "t5");
    assertThat(train.skippedImages())
        .extracting(SkippedImage::memeId, SkippedImage::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("t2", SkippedImage.Reason.MISSING),
            org.assertj.core.groups.Tuple.tuple("t4", SkippedImage.Reason.UNREADABLE));
    assertThat(first.skippedImages()).isEqualTo(2);
    assertThat(train.textFromCache()).isFalse();
    assertThat(first.imageEncoder().pretrained()).isFalse();
    assertThat(first.notes()).anyMatch(n -> n.contains("random weights"));
    assertThat(dao.all()).hasSize(4);

    EmbeddedDataset second;
    try (TextEncoder t = text("h1", Pooling.CLS);
        ImageEncoder i = image()) {
      second = extractor.embed(d, t, i, Progress.NONE);
    }
    for (SplitFeatures s : second.splits()) {
      assertThat(s.textFromCache()).isTrue();
      assertThat(s.imageFromCache()).isTrue();
      SplitFeatures before = first.split(s.split()).orElseThrow();
      assertThat(s.text().values()).containsExactly(before.text().values());
      assertThat(s.image().values()).containsExactly(before.image().values());
      assertThat(s.skippedImages()).isEqualTo(before.skippedImages());
    }
    FeatureSetRow row = dao.all().get(0);
    assertThat(row.preprocessing().get("pooling").asText()).isEqualTo("cls");
    assertThat(row.pretrained()).isFalse();
  }

  @Test
  void changedSplitOrModelOrPoolingRecomputes() throws Exception {
    try (TextEncoder t = text("h1", Pooling.CLS)) {
      extractor.embed(dataset("my cat"), t, null, Progress.NONE);
      EmbeddedDataset edited = extractor.embed(dataset("my dog"), t, null, Progress.NONE);
      assertThat(edited.split("train").orElseThrow().textFromCache()).isTrue();
      assertThat(edited.split("dev").orElseThrow().textFromCache()).isFalse();
    }
    try (TextEncoder t = text("h2", Pooling.CLS)) {
      EmbeddedDataset otherModel = extractor.embed(dataset("my dog"), t, null, Progress.NONE);
      assertThat(otherModel.splits()).noneMatch(SplitFeatures::textFromCache);
    }
    try (TextEncoder t = text("h2", Pooling.MEAN)) {
      EmbeddedDataset mean = extractor.embed(dataset("my dog"), t, null, Progress.NONE);
      assertThat(mean.splits()).noneMatch(SplitFeatures::textFromCache);
    }
    try (ImageEncoder i = image()) {
      Dataset d = dataset("my dog");
      extractor.embed(d, null, i, Progress.NONE);
      // a replaced image file (new size and time) invalidates its split only
      TestImages.picture(d.root().resolve("img/d1.png"), 71, 90, 5);
      Files.setLastModifiedTime(d.root().resolve("img/d1.png"), FileTime.fromMillis(12345000L));
      EmbeddedDataset again = extractor.embed(d, null, i, Progress.NONE);
      assertThat(again.split("train").orElseThrow().imageFromCache()).isTrue();
      assertThat(again.split("dev").orElseThrow().imageFromCache()).isFalse();
    }
  }

  @Test
  void localFilesAreACacheOfTheDatabaseCopyAndDamagedStoredSetsAreRecomputed() throws Exception {
    Dataset d = dataset("my cat");
    try (TextEncoder t = text("h1", Pooling.CLS)) {
      EmbeddedDataset first = extractor.embed(d, t, null, Progress.NONE);
      List<FeatureSetRow> rows = dao.all();
      FeatureSetRow train =
          rows.stream().filter(r -> r.split().equals("train")).findFirst().orElseThrow();
      FeatureSetRow dev =
          rows.stream().filter(r -> r.split().equals("dev")).findFirst().orElseThrow();
      try (RandomAccessFile raf = new RandomAccessFile(train.path(), "rw")) {
        raf.seek(raf.length() - 20);
        raf.write(0x7f);
      }
      Files.delete(Path.of(dev.path()));
      // a damaged or deleted local file is a stale cache: the database copy comes back
      EmbeddedDataset second = extractor.embed(d, t, null, Progress.NONE);
      assertThat(second.splits()).allMatch(SplitFeatures::textFromCache);
      assertThat(second.split("train").orElseThrow().text().values())
          .containsExactly(first.split("train").orElseThrow().text().values());
      assertThat(Path.of(dev.path())).isRegularFile();
      assertThat(extractions(train.cacheKey())).isEqualTo(1);

      // a damaged database copy is recomputed (by the worker holding the set's lock) and stored
      Files.delete(Path.of(train.path()));
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "UPDATE feature_chunk SET data = overlay(data placing '\\x7f'::bytea from 40)"
                          + " WHERE feature_set_id = ?",
                      train.id()));
      EmbeddedDataset third = extractor.embed(d, t, null, Progress.NONE);
      assertThat(third.split("train").orElseThrow().textFromCache()).isFalse();
      assertThat(third.split("dev").orElseThrow().textFromCache()).isTrue();
      assertThat(third.notes()).anyMatch(n -> n.contains("damaged") && n.contains("checksum"));
      assertThat(third.split("train").orElseThrow().text().values())
          .containsExactly(first.split("train").orElseThrow().text().values());
      assertThat(extractions(train.cacheKey())).isEqualTo(2);
      List<String> reasons =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT reason FROM feature_extraction WHERE cache_key = :k"
                                  + " ORDER BY id")
                          .bind("k", train.cacheKey())
                          .mapTo(String.class)
                          .list());
      assertThat(reasons).containsExactly("missing", "damaged");
      // repaired: the next run loads from cache again
      EmbeddedDataset fourth = extractor.embed(d, t, null, Progress.NONE);
      assertThat(fourth.splits()).allMatch(SplitFeatures::textFromCache);
      assertThat(dao.all()).hasSize(2);
    }
  }

  private static int extractions(String key) {
    return db.jdbi().withExtension(FeatureStoreDao.class, x -> x.extractions(key));
  }
}
