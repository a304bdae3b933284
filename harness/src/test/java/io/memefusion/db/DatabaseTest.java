package io.memefusion.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DatabaseTest {

  @Test
  void migratesAndIsSharedBetweenOpeners(@TempDir Path dir) {
    Path data = dir.resolve("pgdata");
    try (Database first = Database.embedded(data)) {
      assertThat(first.isEmbedded()).isTrue();
      int tables =
          first
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT count(*) FROM information_schema.tables"
                                  + " WHERE table_name IN ('sweep', 'trial', 'prediction')")
                          .mapTo(Integer.class)
                          .one());
      assertThat(tables).isEqualTo(3);
      // a second process (here: a second opener) finds the running server and connects to it
      try (Database second = Database.embedded(data)) {
        assertThat(second.isEmbedded()).isTrue();
        assertThat(second.url()).isEqualTo(first.url());
      }
    }
    // data survives a restart
    try (Database again = Database.embedded(data)) {
      assertThat(again.isEmbedded()).isTrue();
    }
  }
}
