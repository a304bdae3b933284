package io.memefusion.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.db.Database;
import io.memefusion.eval.Interval;
import io.memefusion.eval.Metric;
import io.memefusion.eval.PairedDifference;
import io.memefusion.fixtures.SweepFixture;
import io.memefusion.results.EnsembleRow;
import io.memefusion.results.Fmt;
import io.memefusion.results.ResultTable;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Discussion on a sweep that ran interaction heads (align fusion made stronger than early
 * fusion, gated fusion as strong) and on one of the lab's four: every number it states is one of
 * the analysis or the seed-ensemble rows.
 */
@Timeout(300)
class DiscussionTest {
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

  private static ReportData report(SweepFixture f) {
    return ReportFixtures.report(db.jdbi(), f);
  }

  private static String text(List<Doc.Block> blocks) {
    return blocks.stream()
        .map(
            b ->
                b instanceof Doc.Paragraph
                    ? ((Doc.Paragraph) b).text()
                    : b instanceof Doc.Heading ? "## " + ((Doc.Heading) b).text() : "")
        .collect(Collectors.joining("\n"));
  }

  @Test
  void interactionHeadsAreComparedWithEarlyFusionAndTheEnsembleGainIsStated() {
    SweepFixture f =
        SweepFixture.insert(
            db.jdbi(),
            folder.resolve("interaction"),
            true,
            List.of(
                "text", "image", "early_fusion", "late_fusion", "align_fusion", "gated_fusion"));
    f.insertReliance(db.jdbi());
    ReportData d = report(f);
    SweepAnalysisResult a = d.analysis();
    String split = Discussion.primarySplit(d).orElseThrow();
    assertThat(split).isEqualTo("test_seen");

    String text = text(Discussion.blocks(d));

    assertThat(text).contains("## Interaction heads", "## Seed ensembles");
    PairedDifference align = a.paired(split, "align_fusion", "early_fusion").orElseThrow().result();
    PairedDifference gated = a.paired(split, "gated_fusion", "early_fusion").orElseThrow().result();
    // the fixture makes align fusion see the label more strongly than early fusion
    assertThat(align.aboveZero()).isTrue();
    Interval alignAuroc = a.ci("align_fusion", split, "auroc", null).orElseThrow().interval();
    assertThat(text)
        .contains(
            "Align fusion (element-wise product of the projected modalities) reaches AUROC "
                + Fmt.num(alignAuroc.estimate())
                + " "
                + Fmt.ci(alignAuroc)
                + "; minus early fusion "
                + Fmt.signed(align.difference().estimate())
                + " "
                + Fmt.signedCi(align.difference())
                + ", better than early fusion beyond resampling noise.")
        .contains(
            "Gated fusion (a learned gate mixing the two modalities) reaches AUROC "
                + Fmt.num(
                    a.ci("gated_fusion", split, "auroc", null).orElseThrow().interval().estimate()))
        .contains("minus early fusion " + HeadsDiscussion.difference(gated))
        .contains("Align fusion beats concatenation beyond resampling noise")
        .doesNotContain("Bilinear fusion");
    // every fusion head against text only, in the fusion paragraph
    for (String head : List.of("early_fusion", "late_fusion", "align_fusion", "gated_fusion")) {
      PairedComparison p = a.paired(split, head, "text").orElseThrow();
      assertThat(text)
          .contains(
              Fmt.model(head)
                  + " minus text only: "
                  + Fmt.signed(p.result().difference().estimate())
                  + " AUROC "
                  + Fmt.signedCi(p.result().difference()));
    }
    // reliance covers the interaction heads too
    assertThat(text).contains("Align fusion loses ", "Gated fusion loses ");

    // the seed ensembles of the test table, as the tables show them
    ResultTable test = f.results.testTables().get(0);
    assertThat(test.ensembles().rows()).hasSize(6);
    for (EnsembleRow e : test.ensembles().rows()) {
      assertThat(text)
          .contains(
              Fmt.model(e.model())
                  + " "
                  + Fmt.num(e.value(Metric.AUROC) - e.gain().difference().estimate())
                  + " → "
                  + Fmt.num(e.value(Metric.AUROC))
                  + " ("
                  + HeadsDiscussion.difference(e.gain())
                  + ")");
    }
    long above = test.ensembles().rows().stream().filter(e -> e.gain().aboveZero()).count();
    assertThat(text)
        .contains(
            above == 6
                ? "The gain is beyond resampling noise for every model."
                : "The gain is beyond resampling noise for " + above + " of 6 models.");
    assertThat(text).contains("The best ensemble", "align fusion (AUROC ");
  }

  @Test
  void theLabsFourGetNoInteractionParagraph() {
    SweepFixture f = SweepFixture.insert(db.jdbi(), folder.resolve("lab"), true);
    String text = text(Discussion.blocks(report(f)));
    assertThat(text)
        .doesNotContain("## Interaction heads")
        .doesNotContain("Align fusion")
        .contains("## Seed ensembles", "## Early versus late fusion");
  }
}
