package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.data.Dataset;
import io.memefusion.db.Database;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.TableFormat;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import io.memefusion.report.ReportLoader;
import io.memefusion.report.ReportWriter;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The analysis and the report of a real (small) sweep run by the sweep runner. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StudyReportTest {
  private static Database db;
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
  void intervalsMatchTheTablesAndThePdfShowsTheExportedNumbers() throws Exception {
    Dataset dataset = StudyFixture.dataset(240, 80, 80, true, "dev_unseen");
    StudyFeatures features =
        StudyFixture.features(dataset, 12, 6, Set.of("dev_seen-3", "dev_seen-11", "test_seen-5"));
    ObjectNode tree = new ObjectMapper().createObjectNode().put("name", "report").put("seeds", 2);
    for (String p : List.of("hidden=16", "lr=0.01", "batch_size=32", "epochs=4", "patience=0")) {
      SpecParser.applyParam(tree, p);
    }
    HeadTrainer trainer = new HeadTrainer(1);
    Study study = new Study(db, () -> trainer, ScoredTrialListener.NONE, "9.9.9 (git 0123abcd)");
    long id =
        study.run(
            dataset,
            features,
            SpecParser.parse(tree, "test"),
            SweepRunner.Options.defaults().withWorkers(1).withGroupSize(2),
            Progress.NONE);
    SweepResults results = new SweepResultsQuery(db.jdbi()).results(id);

    SweepAnalysisResult a =
        new SweepAnalysis(db.jdbi(), new AnalysisSettings(1000, 1, true, 0.95, 10))
            .analyze(results, Optional.empty());

    // every scored split but train; the report then leaves out the hold-out that picked the
    // threshold
    assertThat(a.splits())
        .extracting(SweepAnalysisResult.SplitSummary::name)
        .containsExactly("dev_seen", "dev_unseen", "test_seen", SweepContext.THRESHOLD_HOLDOUT);
    assertThat(a.without(SweepContext.THRESHOLD_HOLDOUT).splits()).hasSize(3);
    for (ResultTable t : List.of(results.devTables().get(0), results.testTables().get(1))) {
      for (ModelRow row : t.rows()) {
        var auroc = a.ci(row.model(), t.split(), "auroc", null).orElseThrow().interval();
        assertThat(auroc.estimate())
            .isCloseTo(row.metrics().get(Metric.AUROC).mean(), within(1e-6));
        assertThat(auroc.contains(auroc.estimate())).isTrue();
        var acc = a.ci(row.model(), t.split(), "accuracy", t.rule()).orElseThrow().interval();
        assertThat(acc.estimate())
            .isCloseTo(row.metrics().get(Metric.ACCURACY).mean(), within(1e-6));
      }
    }
    assertThat(a.ci("image", "test_seen", "accuracy", ThresholdRule.TRAIN_HOLDOUT)).isPresent();

    Path pdf = folder.resolve("report.pdf");
    new ReportWriter()
        .write(new ReportLoader(db.jdbi()).load(results, a, OffsetDateTime.now()), pdf);
    String text;
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
    // every mean ± std of the Markdown export appears in the PDF
    Matcher m =
        Pattern.compile("\\d\\.\\d{3} ± \\d\\.\\d{3}").matcher(TableFormat.MD.render(results));
    int numbers = 0;
    while (m.find()) {
      assertThat(text).contains(m.group());
      numbers++;
    }
    assertThat(numbers).isEqualTo(4 * 5 * 4); // 4 tables x 4 models x 5 metrics

    // where the sweep ran, as the context recorded it when the sweep was created
    SweepHost host = SweepContext.fromJson(study.store().sweep(id).context()).host();
    assertThat(host.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(host.tensorflow()).isEqualTo(org.tensorflow.TensorFlow.version());
    assertThat(host.nativeBuild()).isEqualTo("cpu");
    assertThat(host.gpu()).isNull();
    assertThat(host.precision()).isEqualTo("fp32");
    assertThat(host.threads()).isEqualTo(1);
    assertThat(host.memefusion()).isEqualTo("9.9.9 (git 0123abcd)");
    assertThat(host.cpu()).isEqualTo(SweepHost.cpuModel(Path.of("/proc/cpuinfo")));
    assertThat(text)
        .contains("Device: " + host.describe() + ".")
        .doesNotContain("Device: not recorded");
  }
}
