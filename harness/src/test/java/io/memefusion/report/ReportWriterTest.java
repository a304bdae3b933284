package io.memefusion.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.db.Database;
import io.memefusion.eval.Metric;
import io.memefusion.export.AnalysisTables;
import io.memefusion.export.DiagnosticTables;
import io.memefusion.export.ResultCiTables;
import io.memefusion.fixtures.SweepFixture;
import io.memefusion.results.Fmt;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReportWriterTest {
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

  private static String text(Path pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      // lines wrap anywhere: compare with single spaces
      return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
  }

  @Test
  void pdfHasTheSectionsAndTheSameNumbersAsTheExport() throws IOException {
    SweepFixture f = SweepFixture.insert(db.jdbi(), folder.resolve("labeled"), true);
    f.insertReliance(db.jdbi());
    ReportData d = report(f);
    // kept in target/ so the pages can be rendered and looked at
    Path pdf =
        java.nio.file.Files.createDirectories(Path.of("target", "report-fixture"))
            .resolve("report.pdf");

    ReportWriter.Written w = new ReportWriter().write(d, pdf);

    String text = text(pdf);
    assertThat(text)
        .contains(
            "1 Overview",
            "2 Results",
            "3 Figures",
            "4 Discussion",
            "5 Your notes",
            "6 Generative AI statement",
            "Reference numbers from the Hateful Memes paper");
    // the dev and test numbers as the export writes them
    for (ResultTable t : f.results.devTables()) {
      AnalysisTables.Table exported = ResultCiTables.withCis(t, d.analysis());
      for (var row : exported.rows()) {
        assertThat(text).contains(row.get(1), row.get(2), row.get(3), row.get(4));
      }
    }
    ModelRow early = f.results.testTables().get(1).rows().get(2);
    assertThat(text).contains(Fmt.meanStd(early.metrics().get(Metric.AUROC)));
    for (var row : DiagnosticTables.paired(d.analysis()).rows()) {
      assertThat(text).contains(row.get(2), row.get(3));
    }
    assertThat(text).contains("dev_unseen shares 400 of its 540 memes with dev_seen");
    assertThat(text).contains("test_unseen has no labels");
    assertThat(text).contains("random weights");
    assertThat(text).contains("Modality reliance", "Text only loses 0.");
    // every mean ± std of the Markdown export appears in the PDF
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\d\\.\\d{3} ± \\d\\.\\d{3}")
            .matcher(io.memefusion.export.TableFormat.MD.render(f.results));
    while (m.find()) {
      assertThat(text).contains(m.group());
    }
    assertThat(w.pages()).isBetween(6, 20);

    String md = Files.readString(w.markdown());
    assertThat(md).contains("## 2 Results", "Generative AI statement");
    // a sweep from before the context recorded its host still renders, and says so
    assertThat(md)
        .contains("Device: not recorded (the sweep was created before memefusion recorded it).");
    assertThat(md)
        .contains(
            ResultCiTables.withCis(f.results.devTables().get(0), d.analysis())
                .rows()
                .get(0)
                .get(2));

    // every font is embedded
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      for (var page : doc.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          assertThat(font.isEmbedded()).as(font.getName()).isTrue();
        }
      }
    }
  }

  @Test
  void anUnlabeledTestSplitIsSaidSoInsteadOfAnEmptyTable() throws IOException {
    SweepFixture f = SweepFixture.insert(db.jdbi(), folder.resolve("unlabeled"), false);
    Path pdf = folder.resolve("unlabeled.pdf");

    new ReportWriter().write(report(f), pdf);

    String text = text(pdf);
    assertThat(text)
        .contains("test split test_seen is unlabeled: predictions stored, metrics skipped");
    assertThat(text).contains("test_seen, test_unseen have no labels");
    // the discussion falls back to dev
    assertThat(text).contains("On dev_seen, AUROC is");
  }
}
