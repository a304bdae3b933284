package io.memefusion.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.LayoutOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DatasetDaoTest {

  @Test
  void recordsDatasetAndSplitsIdempotently(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("train.jsonl"),
        "{\"id\":\"01234\",\"img\":\"img/01234.png\",\"label\":1,\"text\":\"a\"}\n"
            + "{\"id\":\"05678\",\"img\":\"img/05678.png\",\"label\":0,\"text\":\"b\"}\n");
    Files.writeString(
        dir.resolve("test.jsonl"), "{\"id\":\"09999\",\"img\":\"img/09999.png\",\"text\":\"c\"}\n");
    Dataset dataset = DatasetLoader.load(dir, LayoutOptions.defaults());
    try (Database db = Database.temporary()) {
      DatasetDao dao = db.jdbi().onDemand(DatasetDao.class);
      long id = dao.record(dataset);
      assertThat(dao.record(dataset, Map.of("train", 2))).isEqualTo(id);
      assertThat(dao.find(dataset.root().toString(), dataset.contentHash())).contains(id);
      assertThat(dao.splits(id))
          .containsExactly(
              new DatasetDao.SplitRow(
                  "test", "test", "test.jsonl", dataset.test().get().sha256(), 1, 0, false, 0),
              new DatasetDao.SplitRow(
                  "train", "train", "train.jsonl", dataset.train().sha256(), 2, 1, true, 2));
      int datasets =
          db.jdbi()
              .withHandle(
                  h -> h.createQuery("SELECT count(*) FROM dataset").mapTo(Integer.class).one());
      assertThat(datasets).isEqualTo(1);

      // changed content: a new dataset row
      Files.writeString(
          dir.resolve("train.jsonl"),
          "{\"id\":\"01234\",\"img\":\"img/01234.png\",\"label\":0,\"text\":\"a\"}\n");
      long changed = dao.record(DatasetLoader.load(dir, LayoutOptions.defaults()));
      assertThat(changed).isNotEqualTo(id);
      assertThat(dao.splits(changed))
          .filteredOn(r -> r.split().equals("train"))
          .singleElement()
          .satisfies(r -> assertThat(r.positives()).isZero());
    }
  }
}
