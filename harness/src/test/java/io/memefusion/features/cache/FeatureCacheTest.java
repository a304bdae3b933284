package io.memefusion.features.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.db.Database;
import io.memefusion.db.FeatureStoreDao;
import io.memefusion.features.EncoderInfo;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.Modality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Feature sets shared through the database: one extraction per key, whoever asks at once. */
@Timeout(120)
class FeatureCacheTest {
  static Database db;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    db = Database.temporary();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  static FeatureCache.Key key(String split) {
    EncoderInfo e =
        new EncoderInfo(
            "tiny", Modality.TEXT, Path.of("/models/tiny"), "h-" + split, 2, true, "", Map.of());
    return new FeatureCache.Key(e, split, "content-" + split);
  }

  static FeatureCache.Computed matrix(float v) {
    return new FeatureCache.Computed(
        new FeatureMatrix(List.of("a", "b"), 2, new float[] {v, 1, 2, 3}), List.of(), 0.5);
  }

  int extractions(FeatureCache.Key k) {
    return db.jdbi().withExtension(FeatureStoreDao.class, d -> d.extractions(k.value()));
  }

  @Test
  void twoWorkersAskingAtOnceExtractOnce() throws Exception {
    FeatureCache.Key k = key("together");
    AtomicInteger computed = new AtomicInteger();
    // the worker that extracts waits until the other one is waiting on the lock
    CountDownLatch otherWaits = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<FeatureCache.Hit>> hits =
          pool.invokeAll(
              List.of(
                  () -> obtain(dir.resolve("w1"), k, computed, otherWaits),
                  () -> obtain(dir.resolve("w2"), k, computed, otherWaits)));
      assertThat(computed.get()).isEqualTo(1);
      assertThat(hits.get(0).get().matrix().values())
          .containsExactly(hits.get(1).get().matrix().values());
      assertThat(hits.stream().filter(h -> get(h).computed())).hasSize(1);
      assertThat(extractions(k)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    // a third worker on a fresh machine (no local files at all) loads it from the database
    for (String w : List.of("w1", "w2")) {
      if (!Files.exists(dir.resolve(w))) {
        continue;
      }
      try (var files = Files.walk(dir.resolve(w))) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    FeatureCache.Hit third =
        new FeatureCache(dir.resolve("w3"), db.jdbi())
            .loadStored(k.value(), "text features", s -> {})
            .orElseThrow();
    assertThat(third.matrix().values()).containsExactly(7f, 1, 2, 3);
    assertThat(dir.resolve("w3")).isDirectory();
  }

  private FeatureCache.Hit obtain(
      Path local, FeatureCache.Key k, AtomicInteger computed, CountDownLatch otherWaits) {
    return new FeatureCache(local, db.jdbi())
        .obtain(
            k,
            note -> {
              if (note.startsWith("waiting for another worker")) {
                otherWaits.countDown();
              }
            },
            () -> {
              computed.incrementAndGet();
              try {
                assertThat(otherWaits.await(60, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return matrix(7);
            });
  }

  private static FeatureCache.Hit get(Future<FeatureCache.Hit> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWorkerThatDiesWhileExtractingReleasesTheLockWithItsConnection() throws Exception {
    FeatureCache.Key k = key("dies");
    // a "worker" holds the set's lock on its connection, as during an extraction
    Handle dying = Jdbi.create(db.url()).open();
    int pid = dying.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
    assertThat(
            dying
                .createQuery("SELECT pg_try_advisory_lock(:c, :k)")
                .bind("c", FeatureCache.LOCK_CLASS)
                .bind("k", FeatureCache.lockId(k.value()))
                .mapTo(Boolean.class)
                .one())
        .isTrue();
    CountDownLatch waiting = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<FeatureCache.Hit> other =
          pool.submit(
              () ->
                  new FeatureCache(dir, db.jdbi())
                      .obtain(k, note -> waiting.countDown(), () -> matrix(3)));
      assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(other.isDone()).isFalse();
      // the worker dies: PostgreSQL ends its session, and the advisory lock with it
      db.jdbi().useHandle(h -> h.execute("SELECT pg_terminate_backend(?)", pid));
      FeatureCache.Hit hit = other.get(60, TimeUnit.SECONDS);
      assertThat(hit.computed()).isTrue();
      assertThat(extractions(k)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
      try {
        dying.close();
      } catch (RuntimeException e) {
        // its connection was terminated
      }
    }
  }
}
