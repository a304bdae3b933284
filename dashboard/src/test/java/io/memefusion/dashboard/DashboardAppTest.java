package io.memefusion.dashboard;

import static io.memefusion.dashboard.RecordedSweeps.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.dashboard.web.ExportFormat;
import io.memefusion.db.Database;
import io.memefusion.eval.Metric;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every page, fragment and export over real HTTP against an embedded PostgreSQL holding the sweeps
 * of {@link RecordedSweeps}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DashboardAppTest {
  private static final Pattern TRIAL_LINK = Pattern.compile("<td><a href=\"/trials/(\\d+)\">");

  static Path tmp;
  static Database db;
  static DashboardApp app;
  static SweepFixture.Recorded done;
  static SweepFixture.Recorded running;

  @BeforeAll
  static void start() {
    RecordedSweeps s = RecordedSweeps.get();
    tmp = s.dir();
    db = s.db();
    app = s.app();
    done = s.done();
    running = s.running();
  }

  @Test
  void sweepsPageListsEverySweepWithProgressAndEscapedNames() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    String html = r.body();
    assertThat(html)
        .contains("lr grid &lt;b&gt;bold&lt;/b&gt; &amp; \"quoted\"")
        .doesNotContain("<b>bold</b>")
        .contains("href=\"/sweeps/" + done.sweepId() + "\"")
        .contains("<b>36</b> done")
        .contains("<b>10</b> done · <b>2</b> running · <b>0</b> failed · <b>24</b> queued")
        .containsPattern("<td class=\"num\">\\d+m\\d\\ds</td>") // durations
        .contains(DashboardApp.HTMX_PATH);
    // only the running sweep's row polls
    assertThat(count(html, "hx-trigger=\"every 2s\"")).isEqualTo(1);
    assertThat(html)
        .contains(
            "id=\"sweep-"
                + running.sweepId()
                + "\" hx-get=\"/sweeps/"
                + running.sweepId()
                + "/row\" hx-trigger=\"every 2s\"");
  }

  @Test
  void sweepRowFragmentIsOneRow() throws Exception {
    String html = get("/sweeps/" + running.sweepId() + "/row").body();
    assertThat(html.strip()).startsWith("<tr id=\"sweep-" + running.sweepId() + "\"");
    assertThat(html).doesNotContain("<html").contains("every 2s");
    assertThat(get("/sweeps/" + done.sweepId() + "/row").body()).doesNotContain("hx-trigger");
  }

  @Test
  void sweepPageShowsBothTablesRocAndFirstTrialsPage() throws Exception {
    String html = get("/sweeps/" + done.sweepId()).body();
    assertThat(html)
        .contains("<title>lr grid &lt;b&gt;bold&lt;/b&gt;")
        .contains("id=\"table-dev\"")
        .contains("id=\"table-test\"")
        .contains("dev_seen · threshold fixed_0.5")
        .contains("test_seen · threshold fixed_0.5")
        .contains("h256-lr0.001-do0.2-wd0-bs128-ep6-pw1-pa3");
    // the tables are exactly the export's: chosen configurations and every mean ± std
    SweepResults results = new SweepResultsQuery(db.jdbi()).results(done.sweepId());
    for (ResultTable t : List.of(results.devTables().get(0), results.testTables().get(0))) {
      String shown = tableOf(html, results.devTables().contains(t) ? "dev" : "test");
      assertThat(t.rows()).hasSize(4);
      for (ModelRow row : t.rows()) {
        assertThat(shown).contains(row.configKey());
        for (Metric m : Metric.values()) {
          MeanStd v = row.metrics().get(m);
          assertThat(shown).contains(String.format(Locale.ROOT, "%.3f ± %.3f", v.mean(), v.std()));
        }
      }
    }
    // dev and test: 4 model rows each, every metric column has a best cell
    assertThat(count(html, "class=\"num best\"")).isGreaterThanOrEqualTo(10);
    String roc = html.substring(0, html.indexOf("<section id=\"analysis\""));
    assertThat(count(roc, "<polyline class=\"series s-")).isEqualTo(8); // 4 models × 2 splits
    assertThat(html).contains("ROC on dev_seen").contains("ROC on test_seen");
    assertThat(trialIds(html)).hasSize(25);
    assertThat(html)
        .contains("page 1 of 2")
        .contains("Same in every trial: batch_size = 128, dropout = 0.2, epochs = 6");
    assertThat(html).doesNotContain("hx-trigger"); // finished: nothing polls
    for (ExportFormat f : ExportFormat.values()) {
      assertThat(html).contains("/sweeps/" + done.sweepId() + "/export/" + f.extension());
    }
  }

  @Test
  void thresholdRuleTogglesTheTablesAndIsAPlainLinkToo() throws Exception {
    String fixed = get("/sweeps/" + done.sweepId() + "?rule=fixed_0.5").body();
    String holdout = get("/sweeps/" + done.sweepId() + "?rule=train_holdout").body();
    assertThat(holdout).contains("dev_seen · threshold train_holdout");
    assertThat(fixed)
        .contains("href=\"/sweeps/" + done.sweepId() + "?rule=train_holdout\"")
        .contains("hx-get=\"/sweeps/" + done.sweepId() + "/live?rule=train_holdout\"");
    assertThat(tableOf(fixed, "dev")).isNotEqualTo(tableOf(holdout, "dev"));
    String fragment = get("/sweeps/" + done.sweepId() + "/live?rule=train_holdout").body();
    assertThat(fragment.strip()).startsWith("<div id=\"sweep-live\"");
    assertThat(fragment).doesNotContain("<html").contains("threshold train_holdout");
  }

  @Test
  void trialsSortByTestAurocFilterByModelAndPaginate() throws Exception {
    long id = done.sweepId();
    List<Long> expected =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT t.id FROM trial t JOIN trial_metric m ON m.trial_id = t.id"
                                + " AND m.split = 'test_seen' AND m.threshold_rule = 'fixed_0.5'"
                                + " WHERE t.sweep_id = :s ORDER BY m.auroc DESC, t.ordinal")
                        .bind("s", id)
                        .mapTo(Long.class)
                        .list());
    String page1 = get("/sweeps/" + id + "/trials?sort=test_auroc&dir=desc").body();
    String page2 = get("/sweeps/" + id + "/trials?sort=test_auroc&dir=desc&page=2").body();
    assertThat(page1.strip()).startsWith("<section id=\"trials\"");
    List<Long> shown = new ArrayList<>(trialIds(page1));
    shown.addAll(trialIds(page2));
    assertThat(shown).isEqualTo(expected);
    // a second click on the sorted header flips the order
    assertThat(page1)
        .contains("href=\"/sweeps/" + id + "?rule=fixed_0.5&amp;sort=test_auroc&amp;dir=asc\"");

    String image = get("/sweeps/" + id + "/trials?model=image").body();
    assertThat(trialIds(image)).hasSize(9);
    assertThat(image).contains("9 of image").doesNotContain(">late_fusion</td>");

    String byLr = get("/sweeps/" + id + "/trials?sort=hp.lr&dir=desc&model=text").body();
    assertThat(byLr.indexOf(">0.003<")).isLessThan(byLr.indexOf(">0.0003<"));

    // unknown sort keys and pages past the end fall back instead of failing
    assertThat(get("/sweeps/" + id + "/trials?sort=hp.nope&page=99").body())
        .contains("page 2 of 2");
  }

  @Test
  void runningSweepPollsTheWholeLivePartWithItsCurrentState() throws Exception {
    String html = get("/sweeps/" + running.sweepId() + "?sort=dev_auroc&dir=desc").body();
    assertThat(html)
        .contains(
            "hx-get=\"/sweeps/"
                + running.sweepId()
                + "/live?rule=fixed_0.5&amp;sort=dev_auroc&amp;dir=desc\" hx-trigger=\"every 2s\"")
        .contains("hx-target=\"#sweep-live\"");
  }

  @Test
  void trialPageShowsCurvesConfusionAndEscapedMemeText() throws Exception {
    long trial = done.trialIds().get(4); // seed 0: 4 models of lr 0.0003, then text at lr 0.001
    String html = get("/trials/" + trial).body();
    assertThat(html)
        .contains("Trial #" + trial)
        .contains("<th>lr</th><td class=\"num\">0.001</td>")
        .contains("Loss per epoch")
        .contains("Dev AUROC per epoch")
        .contains("kept epoch 4")
        .contains("Most wrong on dev_seen")
        .contains("Most wrong on test_seen")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; look at this")
        .doesNotContain("<script>alert(1)</script>")
        .containsPattern("dev meme number \\d+ &amp; friends");
    // the worst dev meme is the XSS one (label 0, p = 0.995)
    int dev = html.indexOf("Most wrong on dev_seen");
    assertThat(html.indexOf("<code>" + SweepFixture.XSS_ID + "</code>", dev))
        .isLessThan(html.indexOf("<code>", html.indexOf("<code>" + SweepFixture.XSS_ID, dev) + 1));
    assertThat(count(html, "<figure class=\"confusion\">")).isEqualTo(4);
    // counts of each matrix add up to the split size
    Matcher m =
        Pattern.compile(
                "<td class=\"hit\">(\\d+)</td><td class=\"miss\">(\\d+)</td></tr>\\s*"
                    + "<tr><th>not hateful</th><td class=\"miss\">(\\d+)</td><td class=\"hit\">(\\d+)</td>")
            .matcher(html);
    List<Integer> totals = new ArrayList<>();
    while (m.find()) {
      totals.add(
          Integer.parseInt(m.group(1))
              + Integer.parseInt(m.group(2))
              + Integer.parseInt(m.group(3))
              + Integer.parseInt(m.group(4)));
    }
    assertThat(totals).containsExactly(40, 40, 60, 60);
  }

  @Test
  void trialPageWithoutReadableDatasetShowsIdsOnly() throws Exception {
    SweepFixture.Recorded elsewhere =
        SweepFixture.record(db, tmp.resolve("gone"), "moved dataset", true);
    String html = get("/trials/" + elsewhere.trialIds().get(0)).body();
    assertThat(html).contains("meme texts unavailable: cannot read").contains("<code>10006</code>");
    db.jdbi().useHandle(h -> h.execute("DELETE FROM sweep WHERE id = ?", elsewhere.sweepId()));
  }

  @Test
  void exportsDownloadTheTablesAsFiles() throws Exception {
    long id = done.sweepId();
    HttpResponse<String> csv = get("/sweeps/" + id + "/export/csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"sweep-" + id + "-lr-grid-b-bold-b-quoted.csv\"");
    // the model rows end at the blank line before the seed ensembles' block
    List<String> lines = csv.body().lines().takeWhile(l -> !l.isEmpty()).toList();
    assertThat(lines.get(0)).startsWith("split,threshold_rule,model,config_key,seeds,trial_ids");
    assertThat(lines).hasSize(1 + 4 * 4); // dev and test × two rules × four models
    assertThat(lines.get(1))
        .startsWith("dev_seen,fixed_0.5,text,h256-lr0.001-do0.2-wd0-bs128-ep6-pw1-pa3,3,");

    String md = get("/sweeps/" + id + "/export/md").body();
    assertThat(md).contains("| Model | Configuration | Seeds |").contains(" ± ").contains("**");
    assertThat(md).contains("| text — seed ensemble (3 seeds) |");
    assertThat(csv.body()).contains("\nseed_ensemble,dev_seen,fixed_0.5,text,");
    String tex = get("/sweeps/" + id + "/export/tex").body();
    assertThat(tex).contains("\\begin{tabular}").contains("early\\_fusion").contains("$\\pm$");
  }

  @Test
  void unknownThingsAre404Pages() throws Exception {
    for (String path :
        List.of(
            "/sweeps/999999",
            "/sweeps/abc",
            "/trials/999999",
            "/sweeps/999999/trials",
            "/sweeps/" + done.sweepId() + "/export/pdf",
            "/nothing/here")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).contains("Not found");
    }
    assertThat(get("/sweeps/999999").body()).contains("no sweep 999999");
  }

  @Test
  void staticFilesComeFromTheClasspath() throws Exception {
    HttpResponse<String> htmx = get(DashboardApp.HTMX_PATH);
    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(htmx.body()).contains("htmx");
    assertThat(get("/style.css").body()).contains(".trials-table");
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return RecordedSweeps.get().get(path);
  }

  private static List<Long> trialIds(String html) {
    List<Long> ids = new ArrayList<>();
    Matcher m = TRIAL_LINK.matcher(html);
    while (m.find()) {
      ids.add(Long.parseLong(m.group(1)));
    }
    return ids;
  }

  private static String tableOf(String html, String which) {
    int start = html.indexOf("id=\"table-" + which + "\"");
    return html.substring(start, html.indexOf("</section>", start));
  }
}
