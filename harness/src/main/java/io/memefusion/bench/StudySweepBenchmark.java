package io.memefusion.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.data.SplitRole;
import io.memefusion.db.Database;
import io.memefusion.db.TrialCounts;
import io.memefusion.export.TableFormat;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.heads.HyperParams;
import io.memefusion.heads.LabeledFeatures;
import io.memefusion.heads.Precision;
import io.memefusion.heads.TrainingData;
import io.memefusion.heads.TrialSpec;
import io.memefusion.progress.Progress;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.Study;
import io.memefusion.sweep.StudyFeatures;
import io.memefusion.sweep.SweepRunner;
import io.memefusion.sweep.SweepSpec;
import io.memefusion.sweep.TrialPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench sweep}: the study's full sweep machinery at real size — synthetic features of
 * 8,500/500/1,000 memes (768-d text, 2,048-d image), the 4 heads × {@link SweepBenchmark#grid 24
 * configurations} × 5 seeds, every trial claimed from PostgreSQL, its epochs, metrics on dev, the
 * train hold-out and test under both threshold rules, and its ~2,400 predictions recorded as in a
 * real sweep. Last line: {@code sweep trials=<n> seconds=<s> trials_per_min=<r>}.
 */
public final class StudySweepBenchmark {
  private final SweepBenchmark.Settings settings;
  private final int groupSize;
  private final List<Integer> hidden;
  private final Precision precision; // null: chosen by a PrecisionProbe
  private final PrintWriter out;

  /**
   * @param hidden the grid's hidden sizes ({@link SweepBenchmark#HIDDEN} by default)
   * @param precision the heads' precision, or null to let a probe choose: bf16 when it is faster
   *     here and keeps test AUROCs within {@link PrecisionProbe#MAX_AUROC_DIFF} of fp32
   */
  public StudySweepBenchmark(
      SweepBenchmark.Settings settings,
      int groupSize,
      List<Integer> hidden,
      Precision precision,
      PrintWriter out) {
    this.settings = settings;
    this.groupSize = groupSize;
    this.hidden = List.copyOf(hidden);
    this.precision = precision;
    this.out = out;
  }

  /** The benchmark's sweep spec: 4 models × 24 configurations × seeds. */
  public SweepSpec spec(Precision heads) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode().put("name", "bench-sweep");
    tree.put("seeds", settings.seeds());
    tree.put("precision", heads.key());
    for (String p :
        List.of(
            "hidden=" + String.join(",", hidden.stream().map(String::valueOf).toList()),
            "lr=0.001,0.0003",
            "dropout=0.1,0.5",
            "weight_decay=0,0.0001",
            "batch_size=" + settings.batchSize(),
            "epochs=" + settings.epochs(),
            "patience=" + settings.patience())) {
      SpecParser.applyParam(tree, p);
    }
    return SpecParser.parse(tree, "bench");
  }

  /** Runs the sweep in {@code database}; returns the result line's numbers. */
  public SweepBenchmark.Result run(Database database, Progress progress) {
    long t0 = System.nanoTime();
    SyntheticFeatures synthetic =
        new SyntheticFeatures(settings.textDim(), settings.imageDim(), 2024);
    List<LabeledFeatures> splits =
        List.of(
            synthetic.split("train", settings.trainRows(), 1),
            synthetic.split("dev", settings.devRows(), 2),
            synthetic.split("test", settings.testRows(), 3));
    Dataset dataset = dataset(splits);
    StudyFeatures features = features(splits);
    double generated = (System.nanoTime() - t0) / 1e9;
    HeadTrainer trainer = new HeadTrainer(1);
    Precision chosen = precision;
    if (chosen == null) {
      PrecisionProbe.Result probe = probe(splits, trainer);
      say("%s", probe.describe());
      chosen = probe.choice();
    }
    SweepSpec spec = spec(chosen);
    int planned = Math.min(spec.trials().size(), settings.maxTrials());
    List<TrialSpec> trials =
        spec.trials().subList(0, planned).stream().map(TrialPlan::spec).toList();
    double flops =
        SweepBenchmark.firstLayerFlops(
            trials, settings.trainRows(), settings.textDim(), settings.imageDim());
    say(
        "synthetic features %d/%d/%d memes, %d-d text, %d-d image (%.1f s); %d trials (hidden %s),"
            + " %.1f TFLOP of first-layer work, %s heads on %s, %d workers, groups of %d,"
            + " recorded in %s",
        settings.trainRows(),
        settings.devRows(),
        settings.testRows(),
        settings.textDim(),
        settings.imageDim(),
        generated,
        planned,
        hidden,
        flops / 1e12,
        chosen.key(),
        trainer.device(),
        settings.workers(),
        groupSize > 0 ? groupSize : spec.largestGraphGroup(SweepRunner.AUTO_GROUP_CAP),
        database.isEmbedded() ? "an embedded PostgreSQL" : database.url());
    Study study = new Study(database, () -> trainer);
    long id = study.create(dataset, features, spec);
    SweepRunner.Options options =
        SweepRunner.Options.defaults()
            .withWorkers(settings.workers())
            .withGroupSize(groupSize)
            .withMaxTrials(settings.maxTrials() == Integer.MAX_VALUE ? 0 : settings.maxTrials());
    long start = System.nanoTime();
    SweepRunner.Summary summary = study.work(id, dataset, features, options, progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    TrialCounts counts = study.store().counts(id);
    if (summary.firstError() != null) {
      say("first failure: %s", summary.firstError());
    }
    say(
        "sweep %d: %d of %d trials done, %d failed",
        id, counts.done(), counts.total(), counts.failed());
    int n = Math.max(1, summary.done());
    say(
        "per trial, summed over workers: train %.2f s (with its epoch rows), score %.3f s,"
            + " record %.3f s (metrics, predictions, done in one transaction)",
        summary.trainSeconds() / n, summary.scoreSeconds() / n, summary.recordSeconds() / n);
    out.print(TableFormat.TEXT.render(new SweepResultsQuery(database.jdbi()).results(id)));
    say(
        "first-layer work done at %.0f GFLOP/s (%.0f per worker)",
        flops * summary.done() / planned / seconds / 1e9,
        flops * summary.done() / planned / seconds / 1e9 / settings.workers());
    SweepBenchmark.Result result = new SweepBenchmark.Result(summary.done(), seconds, Double.NaN);
    say("%s", result.summaryLine());
    return result;
  }

  /** fp32 against bf16 on one seed of the h=64, lr=1e-3 configurations of the grid. */
  private PrecisionProbe.Result probe(List<LabeledFeatures> splits, HeadTrainer trainer) {
    List<HyperParams> configs =
        SweepBenchmark.grid(
                List.of(64), settings.epochs(), settings.batchSize(), settings.patience())
            .stream()
            .filter(hp -> hp.learningRate() == 1e-3)
            .toList();
    try (TrainingData data = TrainingData.of(splits.get(0), splits.get(1))) {
      return PrecisionProbe.run(data, splits.get(2), configs, trainer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Memes for the synthetic rows (labels only; the features are already computed). */
  private static Dataset dataset(List<LabeledFeatures> splits) {
    List<Split> out = new ArrayList<>();
    SplitRole[] roles = {SplitRole.TRAIN, SplitRole.DEV, SplitRole.TEST};
    for (int s = 0; s < splits.size(); s++) {
      LabeledFeatures f = splits.get(s);
      List<Meme> memes = new ArrayList<>(f.rows());
      for (int i = 0; i < f.rows(); i++) {
        memes.add(new Meme(f.ids().get(i), "img/" + f.ids().get(i) + ".png", f.labels()[i], ""));
      }
      out.add(
          new Split(
              f.split(), roles[s], Path.of("synthetic", f.split() + ".jsonl"), "synthetic", memes));
    }
    return new Dataset("synthetic", Path.of("synthetic"), out);
  }

  private static StudyFeatures features(List<LabeledFeatures> splits) {
    Map<String, FeatureMatrix> text = new LinkedHashMap<>();
    Map<String, FeatureMatrix> image = new LinkedHashMap<>();
    for (LabeledFeatures f : splits) {
      text.put(f.split(), new FeatureMatrix(f.ids(), f.textDim(), f.text()));
      image.put(f.split(), new FeatureMatrix(f.ids(), f.imageDim(), f.image()));
    }
    return new StudyFeatures(
        text, image, "synthetic", null, List.of("Synthetic features (bench sweep)."));
  }

  private void say(String format, Object... args) {
    synchronized (out) {
      out.println(String.format(Locale.ROOT, format, args));
      out.flush();
    }
  }
}
