package io.memefusion.dashboard;

import static io.memefusion.dashboard.RecordedSweeps.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.db.Database;
import io.memefusion.db.SweepDao;
import io.memefusion.results.Fmt;
import io.memefusion.results.MeanStd;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sweep page's configurations table, parallel coordinates and hyperparameter effects, the
 * configuration page, the comparison of two sweeps and the sweep notes, over real HTTP on the
 * sweeps of {@link RecordedSweeps} (4 models × 3 learning rates × 3 seeds, lr 0.001 best).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SweepExplorePageTest {
  static RecordedSweeps sweeps;
  static Database db;
  static SweepFixture.Recorded done;
  static SweepFixture.Recorded unseen;

  @BeforeAll
  static void start() {
    sweeps = RecordedSweeps.get();
    db = sweeps.db();
    done = sweeps.done();
    unseen = sweeps.unseen();
  }

  @Test
  void configurationsTableGroupsSeedsAndShowsOnlyVaryingHyperparameters() throws Exception {
    String html = ok("/sweeps/" + done.sweepId());
    String section = sectionOf(html, "configurations");
    String table = section.substring(section.indexOf("<table"));
    // 4 models × 3 learning rates, each over its 3 seeds; lr is the only varying hyperparameter
    assertThat(count(table, "<tr")).isEqualTo(1 + 12);
    assertThat(table).contains("id=\"csort-hp-lr\"").doesNotContain("id=\"csort-hp-hidden\"");
    assertThat(section).contains("Same in every configuration: ").contains("epochs 6");
    // the chosen configuration of each model (lr 0.001) is marked and alone shows test numbers
    assertThat(count(table, "<tr class=\"chosen\">")).isEqualTo(4);
    // a row's dev AUROC is the mean ± std over its seeds, from the stored trial metrics
    MeanStd text = devAuroc("text", 0.001);
    assertThat(table).contains(Fmt.meanStd(text));
    assertThat(section)
        .contains("href=\"/sweeps/" + done.sweepId() + "?rule=fixed_0.5&amp;model=text#trials\"");
  }

  @Test
  void configurationsFilterByModelAndHyperparameterValueAsLinksAndFragments() throws Exception {
    String full = ok("/sweeps/" + done.sweepId() + "?cmodel=text&hp.lr=0.001");
    String table = sectionOf(full, "configurations");
    assertThat(count(table.substring(table.indexOf("<tbody")), "<tr")).isEqualTo(1);
    assertThat(table).contains(Fmt.meanStd(devAuroc("text", 0.001)));
    // the htmx fragment is the same section alone; a control links to the full page as well
    String fragment = ok("/sweeps/" + done.sweepId() + "/configurations?cmodel=early_fusion");
    assertThat(fragment.strip())
        .startsWith("<section id=\"configurations\"")
        .doesNotContain("<html");
    assertThat(count(fragment.substring(fragment.indexOf("<tbody")), "<tr")).isEqualTo(3);
    assertThat(fragment)
        .contains(
            "href=\"/sweeps/"
                + done.sweepId()
                + "?rule=fixed_0.5&amp;cmodel=early_fusion&amp;hp.lr=0.003#configurations\"")
        .contains(
            "hx-get=\"/sweeps/"
                + done.sweepId()
                + "/configurations?rule=fixed_0.5&amp;cmodel=early_fusion&amp;hp.lr=0.003\"");
    // sorted by lr ascending: 0.0003 first
    String sorted =
        ok("/sweeps/" + done.sweepId() + "/configurations?cmodel=text&csort=hp.lr&cdir=asc");
    String body = sorted.substring(sorted.indexOf("<tbody"));
    assertThat(body.indexOf(">0.0003<")).isLessThan(body.indexOf(">0.001<"));
    assertThat(body.indexOf(">0.001<")).isLessThan(body.indexOf(">0.003<"));
  }

  @Test
  void parallelCoordinatesHaveLogLrAxisFiltersAndTopK() throws Exception {
    String all = sectionOf(ok("/sweeps/" + done.sweepId()), "parallel-coordinates");
    assertThat(count(all, "<polyline class=\"pc-line")).isEqualTo(12);
    assertThat(count(all, "<polyline class=\"pc-line chosen\"")).isEqualTo(4);
    assertThat(all)
        .contains(">model</text>")
        .contains(">lr (log)</text>")
        .contains(">mean dev AUROC</text>");
    // log axis: 0.0003, 0.001, 0.003 are (almost) evenly spaced
    List<Double> ys = new ArrayList<>();
    for (String v : List.of("0.0003", "0.001", "0.003")) {
      int at = all.indexOf("text-anchor=\"end\">" + v + "</text>");
      assertThat(at).as("tick " + v).isPositive();
      String before = all.substring(all.lastIndexOf("y=\"", at) + 3);
      ys.add(Double.parseDouble(before.substring(0, before.indexOf('"'))) - 4);
    }
    double gap1 = ys.get(0) - ys.get(1);
    double gap2 = ys.get(1) - ys.get(2);
    assertThat(gap1 / gap2)
        .isCloseTo(
            Math.log10(0.001 / 0.0003) / Math.log10(3), org.assertj.core.data.Offset.offset(0.02));
    String early = ok("/sweeps/" + done.sweepId() + "/parallel?pmodel=early_fusion");
    assertThat(early.strip()).startsWith("<section id=\"parallel-coordinates\"");
    assertThat(count(early, "<polyline class=\"pc-line")).isEqualTo(3);
    assertThat(early)
        .contains("Early fusion · ")
        .doesNotContain("Text only · ")
        .doesNotContain(">model</text>");
    String top = ok("/sweeps/" + done.sweepId() + "/parallel?top=5");
    assertThat(count(top, "<polyline class=\"pc-line")).isEqualTo(5);
    assertThat(top).contains("5 of 12 configurations");
  }

  @Test
  void hyperparameterEffectsRankLrPerModel() throws Exception {
    String section = sectionOf(ok("/sweeps/" + done.sweepId()), "hyperparameter-effects");
    for (String model : List.of("text", "image", "early_fusion", "late_fusion")) {
      assertThat(section).contains("id=\"effects-" + model + "\"");
    }
    // the only varying hyperparameter explains all variance between configuration means
    assertThat(count(section, "<span class=\"share-text\">100.0%</span>")).isEqualTo(4);
    assertThat(section).contains("between-group sum of squares");
  }

  @Test
  void configurationPageOverlaysEverySeedWithKeptEpochs() throws Exception {
    String key = configKey("text", 0.001);
    String html = ok("/sweeps/" + done.sweepId() + "/configurations/text/" + key);
    assertThat(html).contains("<code>" + key + "</code>").contains("chosen on dev");
    String curves = sectionOf(html, "epoch-curves");
    // 3 seeds: one AUROC series each, train and dev loss each, a kept-epoch dot per chart
    assertThat(count(curves, "dev AUROC</title></polyline>")).isEqualTo(3);
    assertThat(count(curves, "train loss</title></polyline>")).isEqualTo(3);
    assertThat(count(curves, ": kept epoch 4, dev AUROC")).isEqualTo(3);
    assertThat(count(html, "<a href=\"/trials/")).isGreaterThanOrEqualTo(3);
    assertThat(sweeps.get("/sweeps/" + done.sweepId() + "/configurations/text/nope").statusCode())
        .isEqualTo(404);
    assertThat(
            sweeps.get("/sweeps/" + done.sweepId() + "/configurations/bogus/" + key).statusCode())
        .isEqualTo(404);
  }

  @Test
  void compareListsDifferencesFirstThenChosenRowsAndPairedBootstrap() throws Exception {
    String html = ok("/compare?a=" + done.sweepId() + "&b=" + unseen.sweepId());
    assertThat(html.indexOf("id=\"differences\"")).isLessThan(html.indexOf("id=\"chosen\""));
    String diffs = sectionOf(html, "differences");
    // the second sweep also scored dev_unseen: its data differs; encoders and grid are the same
    assertThat(diffs).contains("id=\"diff-data\"").contains("splits.extra").contains("dev_unseen");
    assertThat(diffs).contains("<tr class=\"same\" id=\"diff-grid\">");
    assertThat(diffs).contains("<tr class=\"same\" id=\"diff-encoders\">");
    assertThat(count(sectionOf(html, "chosen"), "<tr><td class=\"model\"")).isEqualTo(8);
    // both scored the same 40 dev_seen and 60 test_seen memes: 4 models × 2 splits paired
    String paired = sectionOf(html, "paired-compare");
    assertThat(count(paired, "<td class=\"num\">40</td>")).isEqualTo(4);
    assertThat(count(paired, "<td class=\"num\">60</td>")).isEqualTo(4);
    assertThat(paired).doesNotContain("no paired test").contains("2,000 stratified resamples");
  }

  @Test
  void compareFromTheSweepsListCheckboxesRedirectsOrExplains() throws Exception {
    String list = ok("/");
    assertThat(list).contains("<form id=\"compare-form\" action=\"/compare\" method=\"get\">");
    assertThat(list).contains("name=\"s\" value=\"" + done.sweepId() + "\"");
    HttpResponse<String> r = sweeps.get("/compare?s=" + unseen.sweepId() + "&s=" + done.sweepId());
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location"))
        .hasValue("/compare?a=" + done.sweepId() + "&b=" + unseen.sweepId());
    HttpResponse<String> one = sweeps.get("/compare?s=" + done.sweepId());
    assertThat(one.statusCode()).isEqualTo(400);
    assertThat(one.body()).contains("tick exactly two sweeps to compare, got 1");
    assertThat(sweeps.get("/compare?a=" + done.sweepId() + "&b=999999").statusCode())
        .isEqualTo(404);
    assertThat(sweeps.get("/compare?a=x&b=y").statusCode()).isEqualTo(404);
  }

  @Test
  void sweepNotesShowEscapedOnTheListAndTheSweepPage() throws Exception {
    String note = "random ResNet <i>baseline</i> & friends";
    db.jdbi().useExtension(SweepDao.class, d -> d.setNote(unseen.sweepId(), note));
    String escaped = "random ResNet &lt;i&gt;baseline&lt;/i&gt; &amp; friends";
    assertThat(ok("/")).contains(escaped).doesNotContain("<i>baseline</i>");
    assertThat(ok("/sweeps/" + unseen.sweepId())).contains("id=\"sweep-note\">" + escaped);
  }

  private static String ok(String path) throws Exception {
    HttpResponse<String> r = sweeps.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  private static String configKey(String model, double lr) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT DISTINCT config_key FROM trial WHERE sweep_id = :s AND model = :m"
                            + " AND (hyperparams ->> 'lr')::float8 = :lr")
                    .bind("s", done.sweepId())
                    .bind("m", model)
                    .bind("lr", lr)
                    .mapTo(String.class)
                    .one());
  }

  /** Mean ± sample std of the dev_seen AUROC of a configuration's seeds, from the database. */
  private static MeanStd devAuroc(String model, double lr) {
    List<Double> xs =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT m.auroc FROM trial t JOIN trial_metric m ON m.trial_id = t.id"
                                + " WHERE t.sweep_id = :s AND t.model = :m AND m.split = 'dev_seen'"
                                + " AND m.threshold_rule = 'fixed_0.5'"
                                + " AND (t.hyperparams ->> 'lr')::float8 = :lr")
                        .bind("s", done.sweepId())
                        .bind("m", model)
                        .bind("lr", lr)
                        .mapTo(Double.class)
                        .list());
    assertThat(xs).hasSize(3);
    double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
    return new MeanStd(mean, Math.sqrt(ss / 2), 3);
  }

  static String sectionOf(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\"");
    assertThat(start).as("section " + id).isNotNegative();
    return html.substring(start, html.indexOf("</section>", start));
  }
}
