package io.memefusion.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.db.Database;
import io.memefusion.fixtures.SweepFixture;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepHost;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The report's Overview reads where a sweep ran from its typed context, or says it was not. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReportProvenanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SweepHost HOST =
      SweepHost.builder()
          .cpu("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", 2)
          .tensorflow("2.18.0", "cpu")
          .precision("fp32")
          .threads(1)
          .memefusion("0.1.0-SNAPSHOT (git 0123abcd4567)")
          .build();

  static Database db;
  @TempDir static Path folder;

  @BeforeAll
  static void start() {
    db = Database.temporary();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void overviewShowsTheRecordedHost() {
    SweepFixture f = SweepFixture.insert(db.jdbi(), folder.resolve("host"), true);
    JsonNode stored =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT context FROM sweep WHERE id = :id")
                        .bind("id", f.sweepId)
                        .mapTo(JsonNode.class)
                        .one());
    setContext(f.sweepId, SweepContext.fromJson(stored).withHost(HOST).toJson());

    ReportData d = load(f);

    assertThat(d.sweep().host()).contains(HOST);
    assertThat(overview(d))
        .contains(
            "- Device: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz (2 cores), TensorFlow 2.18.0"
                + " (cpu build), fp32, 1 thread per training session, memefusion 0.1.0-SNAPSHOT"
                + " (git 0123abcd4567).")
        .doesNotContain("not recorded")
        // the encoders as the typed context lists them
        .contains("| text | bert-base-uncased | 768 | pooling=cls, max\\_length=64 |")
        .contains("RANDOM (not pretrained)");
  }

  @Test
  void aContextWithoutTheNewerFieldsReadsAsNotRecorded() throws IOException {
    SweepFixture f = SweepFixture.insert(db.jdbi(), folder.resolve("old"), true);
    // as the oldest sweeps stored it: no host, no encoders, no row counts
    setContext(
        f.sweepId,
        JSON.readTree(
            "{\"dataset\":{\"name\":\"fixture\"},\"splits\":{\"train\":\"train\","
                + "\"dev\":\"dev_seen\",\"test\":\"test_seen\"}}"));

    ReportData d = load(f);

    assertThat(d.sweep().host()).isEmpty();
    assertThat(d.sweep().context().encoders()).isEmpty();
    assertThat(overview(d))
        .contains("- Device: not recorded (the sweep was created before memefusion recorded it).")
        .contains("The sweep did not record its encoders.");
  }

  private static void setContext(long sweepId, JsonNode context) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE sweep SET context = :c WHERE id = :id")
                    .bind("c", context)
                    .bind("id", sweepId)
                    .execute());
  }

  private static ReportData load(SweepFixture f) {
    SweepAnalysisResult a =
        new SweepAnalysis(db.jdbi(), new AnalysisSettings(1000, 2020, true, 0.95, 10))
            .analyze(f.results, Optional.of(f.dataset));
    return new ReportLoader(db.jdbi())
        .load(f.results, a, OffsetDateTime.parse("2026-01-15T10:00:00Z"));
  }

  private static String overview(ReportData d) {
    return new MarkdownRenderer().render(new Doc("t", "s", OverviewSection.blocks(d)));
  }
}
