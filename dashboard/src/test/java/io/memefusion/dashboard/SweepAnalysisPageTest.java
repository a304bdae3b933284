package io.memefusion.dashboard;

import static io.memefusion.dashboard.RecordedSweeps.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.CalibrationSummary;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.web.AnalysisSection;
import io.memefusion.db.AnalysisDao;
import io.memefusion.db.Database;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.results.Fmt;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sweep page's Analysis section and the report downloads, over real HTTP: what the harness's
 * analysis stored is shown (and nothing is written), a sweep without one says how to compute it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SweepAnalysisPageTest {
  static RecordedSweeps sweeps;
  static Database db;
  static SweepFixture.Recorded done;
  static SweepFixture.Recorded running;
  static SweepFixture.Recorded unseen;
  static SweepAnalysisResult analysis;

  @BeforeAll
  static void start() {
    sweeps = RecordedSweeps.get();
    db = sweeps.db();
    done = sweeps.done();
    running = sweeps.running();
    unseen = sweeps.unseen();
    analysis = sweeps.analysis();
  }

  @Test
  void theStoreIsReadOnlyEvenForHarnessServices() {
    DashboardStore store = new DashboardStore(db.jdbi());
    assertThatThrownBy(() -> store.read(h -> h.execute("DELETE FROM sweep")))
        .hasMessageContaining("read-only");
    // harness services given the Jdbi inside readThrough get the same read-only handle
    assertThatThrownBy(
            () -> store.readThrough(j -> j.withHandle(h -> h.execute("DELETE FROM sweep"))))
        .hasMessageContaining("read-only");
    assertThatThrownBy(
            () ->
                store.readThrough(
                    j -> {
                      j.onDemand(AnalysisDao.class).deleteAnalysis(done.sweepId());
                      return null;
                    }))
        .hasMessageContaining("read-only");
    Optional<SweepAnalysisResult> read =
        store.readThrough(j -> AnalysisSection.load(j, done.sweepId()));
    assertThat(read).isPresent();
    // and the writable handles of everyone else stay writable
    db.jdbi()
        .useHandle(h -> h.execute("UPDATE sweep SET name = name WHERE id = ?", done.sweepId()));
  }

  @Test
  void sweepPageShowsTheStoredAnalysis() throws Exception {
    String html = get("/sweeps/" + done.sweepId()).body();
    String section = sectionOf(html, "analysis");
    assertThat(section)
        .contains(
            "1,000 stratified bootstrap resamples of the memes · seed 2020 · 95% intervals"
                + " · 10 calibration bins")
        .doesNotContain("analysis-missing")
        .doesNotContain("The configurations chosen on dev changed");
    // every AUROC and fixed-threshold accuracy interval, in its split's table
    for (MetricCi c : analysis.cis()) {
      if (c.metric().equals("auroc") || c.rule().orElseThrow() == ThresholdRule.FIXED_05) {
        String table = tableById(section, "ci-" + c.split());
        assertThat(table)
            .contains(Fmt.ci(c.interval()), Fmt.num(c.interval().estimate()), Fmt.model(c.model()));
      }
    }
    assertThat(count(section, "<svg class=\"strip s-")).isEqualTo(2 * 4 + analysis.paired().size());
    // fusion minus text-only, with its interval and reading
    String paired = tableById(section, "paired");
    for (PairedComparison p : analysis.paired()) {
      assertThat(paired).contains(Fmt.signedCi(p.result().difference()));
    }
    assertThat(paired).contains("Early fusion − Text only").contains("Late fusion − Text only");
    // a reliability diagram per model and split, with its ECE
    assertThat(count(section, "aria-label=\"Reliability of ")).isEqualTo(8);
    assertThat(section).contains("aria-label=\"Reliability of Late fusion on test_seen\"");
    for (CalibrationSummary c : analysis.calibration()) {
      assertThat(section).contains("ECE <strong>" + Fmt.num(c.ecePooled()) + "</strong>");
    }
    // modality reliance: a head shows a drop only for the modality it reads
    String reliance = tableById(section, "reliance");
    assertThat(reliance)
        .containsPattern(
            "Text only</td>\\s*<td class=\"num\">0.800</td><td class=\"num\">\\+0.210 ± 0.010</td>"
                + "<td class=\"num\">\\+0.000 ± 0.000</td>")
        .containsPattern(
            "Early fusion</td>\\s*<td class=\"num\">0.800</td><td class=\"num\">\\+0.210 ± 0.010</td>"
                + "<td class=\"num\">\\+0.110 ± 0.010</td>");
    // confounders: 19 pairs share a text (one pair lost its text to the XSS meme)
    assertThat(section)
        .contains("dev_seen: 19 groups share a text, 0 share an image (38 memes in all)");
    String confounders = tableById(section, "confounders");
    for (ConfounderAccuracy c : analysis.confounders()) {
      if (c.rule() == ThresholdRule.FIXED_05) {
        assertThat(confounders).contains(Fmt.meanStd(c.accuracy()), Fmt.meanStd(c.overall()));
      }
    }
    // only dev_seen and test_seen: no overlap note
    assertThat(section).doesNotContain("dev_unseen");
    assertThat(html)
        .contains("id=\"report-pdf\" href=\"/sweeps/" + done.sweepId() + "/report.pdf\"")
        .contains("id=\"report-md\" href=\"/sweeps/" + done.sweepId() + "/report.md\"");
  }

  @Test
  void theAnalysisFollowsTheThresholdRule() throws Exception {
    String section =
        sectionOf(get("/sweeps/" + done.sweepId() + "?rule=train_holdout").body(), "analysis");
    assertThat(section).contains("accuracy at train_holdout");
    MetricCi holdout =
        analysis.ci("text", "dev_seen", "accuracy", ThresholdRule.TRAIN_HOLDOUT).orElseThrow();
    assertThat(tableById(section, "ci-dev_seen")).contains(Fmt.ci(holdout.interval()));
  }

  @Test
  void bothDevSplitsAreShownWithTheirOverlap() throws Exception {
    String section = sectionOf(get("/sweeps/" + unseen.sweepId()).body(), "analysis");
    assertThat(section)
        .contains("id=\"ci-dev_seen\"", "id=\"ci-dev_unseen\"", "id=\"ci-test_seen\"")
        .contains("dev_unseen shares 20 of its 40 memes with dev_seen")
        .contains("id=\"reliability-dev_unseen\"");
    assertThat(count(section, "aria-label=\"Reliability of ")).isEqualTo(12);
  }

  @Test
  void aSweepWithoutAnalysisSaysHowToComputeIt() throws Exception {
    long id = running.sweepId();
    String html = get("/sweeps/" + id).body();
    assertThat(sectionOf(html, "analysis"))
        .contains("id=\"analysis-missing\"")
        .contains("When the sweep has finished, compute it with")
        .contains("<code>./memefusion analyze --sweep " + id + "</code>")
        .doesNotContain("<table");
    assertThat(html).doesNotContain("/sweeps/" + id + "/report.pdf");
    HttpResponse<String> report = get("/sweeps/" + id + "/report.pdf");
    assertThat(report.statusCode()).isEqualTo(409);
    assertThat(report.body())
        .contains("has no stored analysis yet")
        .contains("./memefusion analyze --sweep " + id);
  }

  @Test
  void anAnalysisOfOtherTrialsIsFlaggedAsOutOfDate() throws Exception {
    long id = unseen.sweepId();
    String stored =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT notes::text FROM analysis_run WHERE sweep_id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
    // as if more trials had changed the chosen text configuration after the analysis ran
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE analysis_run SET notes = jsonb_set(notes, '{trials,text}', '[1]')"
                        + " WHERE sweep_id = ?",
                    id));
    try {
      assertThat(sectionOf(get("/sweeps/" + id).body(), "analysis"))
          .contains("The configurations chosen on dev changed since this analysis was computed")
          .contains("./memefusion analyze --sweep " + id + " again");
    } finally {
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "UPDATE analysis_run SET notes = ?::jsonb WHERE sweep_id = ?", stored, id));
    }
  }

  @Test
  void theReportDownloadsAsPdfAndMarkdown() throws Exception {
    long id = done.sweepId();
    HttpResponse<byte[]> pdf = sweeps.bytes("/sweeps/" + id + "/report.pdf");
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(pdf.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"report-sweep-" + id + "-lr-grid-b-bold-b-quoted.pdf\"");
    assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(pdf.body().length).isGreaterThan(10_000);

    HttpResponse<String> md = get("/sweeps/" + id + "/report.md");
    assertThat(md.statusCode()).isEqualTo(200);
    assertThat(md.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/markdown"));
    MetricCi auroc = analysis.ci("early_fusion", "dev_seen", "auroc", null).orElseThrow();
    assertThat(md.body()).contains("## 2 Results").contains(Fmt.ci(auroc.interval()));

    assertThat(get("/sweeps/999999/report.pdf").statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return sweeps.get(path);
  }

  /** The HTML of the {@code <section id="...">} element. */
  private static String sectionOf(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\"");
    assertThat(start).as("section " + id).isNotNegative();
    return html.substring(start, html.indexOf("</section>", start));
  }

  /** The HTML of the {@code <table ... id="...">} element. */
  private static String tableById(String html, String id) {
    int start = html.indexOf("id=\"" + id + "\"");
    assertThat(start).as("table " + id).isNotNegative();
    return html.substring(start, html.indexOf("</table>", start));
  }
}
