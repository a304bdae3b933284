package io.memefusion.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.db.Database;
import io.memefusion.eval.Confounders;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.export.AnalysisTables;
import io.memefusion.export.TableFormat;
import io.memefusion.features.Modality;
import io.memefusion.fixtures.SweepFixture;
import io.memefusion.results.Fmt;
import io.memefusion.sweep.SweepContext;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SweepAnalysisTest {
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
  void analysesEveryLabeledSplitOfTheChosenTrialsAndReadsItBack() {
    SweepFixture f = SweepFixture.insert(db.jdbi(), folder.resolve("a"), true);
    SweepAnalysis analysis =
        new SweepAnalysis(db.jdbi(), new AnalysisSettings(1000, 2020, true, 0.95, 10));
    // the runner records reliance per trial; here: a text head ignores the image
    for (long trial : f.chosenTrials.get("text")) {
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "INSERT INTO modality_reliance VALUES (?, 'dev_seen', 'image', 5, 2020, 0.66, 0.66, 0, 0)",
                      trial));
    }
    SweepAnalysisResult r = analysis.analyze(f.results, Optional.of(f.dataset));

    assertThat(r.splits())
        .extracting(SweepAnalysisResult.SplitSummary::name)
        .containsExactly(
            "dev_seen", "dev_unseen", "test_seen", "test_unseen", SweepContext.THRESHOLD_HOLDOUT);
    assertThat(r.split("test_unseen").orElseThrow().labeled()).isFalse();
    assertThat(r.notes())
        .anyMatch(n -> n.startsWith("dev_unseen shares 400 of its 540 memes with dev_seen"));
    assertThat(r.notes()).anyMatch(n -> n.startsWith("test_unseen has no labels"));

    // the AUROC interval's estimate is the dev table's mean over seeds, and contains it
    MetricCi ci = r.ci("text", "dev_seen", "auroc", null).orElseThrow();
    double tableMean =
        f.results
            .devTables()
            .get(0)
            .rows()
            .get(0)
            .metrics()
            .get(io.memefusion.eval.Metric.AUROC)
            .mean();
    assertThat(ci.interval().estimate())
        .isCloseTo(tableMean, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(ci.interval().contains(ci.interval().estimate())).isTrue();
    assertThat(ci.seeds()).isEqualTo(3);
    assertThat(r.ci("early_fusion", "test_seen", "accuracy", ThresholdRule.TRAIN_HOLDOUT))
        .isPresent();
    assertThat(r.ci("text", "test_unseen", "auroc", null)).isEmpty();

    assertThat(r.paired("dev_seen", "early_fusion", "text")).isPresent();
    assertThat(r.calibration()).hasSize(4 * 4); // the labeled splits and the train hold-out
    assertThat(r.calibration().get(0).bins()).hasSize(10);

    // confounders: every group of 4 memes holds one text and one image confounder pair
    SweepAnalysisResult.ConfounderGroups dev = r.confounderGroups().get(0);
    assertThat(dev.split()).isEqualTo("dev_seen");
    assertThat(dev.count(Confounders.Kind.TEXT)).isEqualTo(125);
    assertThat(dev.count(Confounders.Kind.IMAGE)).isGreaterThan(100);
    ConfounderAccuracy late = confounder(r, "late_fusion");
    ConfounderAccuracy early = confounder(r, "early_fusion");
    assertThat(late.accuracy().mean()).isLessThan(early.accuracy().mean());
    assertThat(late.accuracy().mean()).isLessThan(late.overall().mean());

    assertThat(r.reliance())
        .singleElement()
        .satisfies(
            rel -> {
              assertThat(rel.model()).isEqualTo("text");
              assertThat(rel.modality()).isEqualTo(Modality.IMAGE);
              assertThat(rel.drop().mean()).isZero();
            });

    SweepAnalysisResult loaded = analysis.load(f.sweepId).orElseThrow();
    assertThat(loaded.cis()).containsExactlyInAnyOrderElementsOf(r.cis());
    assertThat(loaded.paired()).containsExactlyElementsOf(r.paired());
    assertThat(loaded.calibration()).containsExactlyElementsOf(r.calibration());
    assertThat(loaded.confounders()).containsExactlyInAnyOrderElementsOf(r.confounders());
    assertThat(loaded.confounderGroups()).isEqualTo(r.confounderGroups());
    assertThat(loaded.splits()).isEqualTo(r.splits());
    assertThat(loaded.notes()).isEqualTo(r.notes());
    assertThat(loaded.reliance()).isEqualTo(r.reliance());
    assertThat(loaded.chosenTrials()).isEqualTo(f.chosenTrials);

    // the exports' analysis tables
    String md = AnalysisTables.render(TableFormat.MD, f.results, r);
    assertThat(md).contains("Paired bootstrap", Fmt.ci(ci.interval()), "dev_unseen shares 400");
    String csv = AnalysisTables.render(TableFormat.CSV, f.results, r);
    assertThat(csv).contains("analysis_paired,dev_seen,Early fusion − Text only,");
    String tex = AnalysisTables.render(TableFormat.LATEX, f.results, r);
    assertThat(tex).contains("\\begin{tabular}", "dev\\_seen", "$\\pm$");

    // analysing again replaces the rows
    analysis.analyze(f.results, Optional.empty());
    assertThat(analysis.load(f.sweepId).orElseThrow().confounders()).isEmpty();
  }

  private static ConfounderAccuracy confounder(SweepAnalysisResult r, String model) {
    return r.confounders().stream()
        .filter(
            c ->
                c.model().equals(model)
                    && c.split().equals("dev_seen")
                    && c.kind().equals("text")
                    && c.rule() == ThresholdRule.FIXED_05)
        .findFirst()
        .orElseThrow();
  }
}
