package io.memefusion.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.dashboard.charts.ChartBuilder;
import io.memefusion.dashboard.charts.LineChart;
import io.memefusion.dashboard.store.DashboardDao;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.store.JsonText;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.db.DatasetDao;
import io.memefusion.db.EpochDao;
import io.memefusion.db.EpochRow;
import io.memefusion.db.MetricDao;
import io.memefusion.db.MetricRow;
import io.memefusion.db.PredictionDao;
import io.memefusion.db.PredictionRow;
import io.memefusion.db.TrialDao;
import io.memefusion.db.TrialRow;
import io.memefusion.sweep.StoredSweep;
import io.memefusion.sweep.SweepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds a trial page: hyperparameters, epoch curves, confusion matrices, worst memes. */
public final class TrialPages {
  static final int WORST = 10;

  private final DashboardStore store;
  private final MemeTexts texts;

  public TrialPages(DashboardStore store, MemeTexts texts) {
    this.store = store;
    this.texts = texts;
  }

  public Optional<TrialView> trial(long trialId) {
    return store.read(
        h -> {
          Optional<TrialRow> found = h.attach(TrialDao.class).find(trialId);
          if (found.isEmpty()) {
            return Optional.empty();
          }
          TrialRow t = found.get();
          SweepSummary sweep = h.attach(DashboardDao.class).sweep(t.sweepId()).orElseThrow();
          List<EpochRow> epochs = h.attach(EpochDao.class).ofTrial(trialId);
          List<MetricRow> metrics = h.attach(MetricDao.class).ofTrial(trialId);
          PredictionDao predictionDao = h.attach(PredictionDao.class);
          List<TrialView.Confusion> confusions = new ArrayList<>();
          Map<String, List<PredictionRow>> predictions = new HashMap<>();
          for (MetricRow m : metrics) {
            List<PredictionRow> preds =
                predictions.computeIfAbsent(m.split(), s -> predictionDao.ofTrial(trialId, s));
            confusion(m, preds).ifPresent(confusions::add);
          }
          SplitFiles files = SplitFiles.of(h, t.sweepId());
          List<TrialView.WrongMemes> wrong = new ArrayList<>();
          for (String split : predictionDao.splitsOf(trialId)) {
            List<PredictionRow> worst = predictionDao.mostWrong(trialId, split, WORST);
            if (!worst.isEmpty()) {
              wrong.add(wrongMemes(split, worst, files.textFile(split)));
            }
          }
          return Optional.of(
              new TrialView(
                  t,
                  sweep,
                  hyperparams(t.hyperparams()),
                  metrics,
                  lossChart(epochs, t.bestEpoch()),
                  aurocChart(epochs, t.bestEpoch()),
                  confusions,
                  wrong));
        });
  }

  private static List<TrialView.Param> hyperparams(JsonNode json) {
    List<TrialView.Param> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      out.add(new TrialView.Param(e.getKey(), JsonText.of(e.getValue())));
    }
    // jsonb keeps keys by length; alphabetical matches the trials table's columns
    out.sort(Comparator.comparing(TrialView.Param::key));
    return out;
  }

  /** Counts at the stored threshold; a probability at or above it is called hateful. */
  static Optional<TrialView.Confusion> confusion(MetricRow m, List<PredictionRow> preds) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    for (PredictionRow p : preds) {
      if (p.label() == null) {
        continue;
      }
      boolean hateful = p.proba() >= m.threshold();
      if (p.label() == 1) {
        if (hateful) {
          tp++;
        } else {
          fn++;
        }
      } else if (hateful) {
        fp++;
      } else {
        tn++;
      }
    }
    if (tp + fp + fn + tn == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new TrialView.Confusion(m.split(), m.thresholdRule(), m.threshold(), tp, fp, fn, tn));
  }

  /**
   * Where a sweep's split files are: the dataset's split rows (under its recorded root), else the
   * sweep's typed context.
   */
  record SplitFiles(String root, Map<String, DatasetDao.SplitRow> splits, SweepContext context) {
    static SplitFiles of(org.jdbi.v3.core.Handle h, long sweepId) {
      Optional<StoredSweep> sweep = StoredSweep.find(h, sweepId);
      DatasetDao datasets = h.attach(DatasetDao.class);
      String root =
          sweep
              .map(s -> s.row().datasetId())
              .flatMap(datasets::dataset)
              .map(DatasetDao.DatasetRow::root)
              .orElse(null);
      Map<String, DatasetDao.SplitRow> splits =
          datasets.splitsOfSweep(sweepId).stream()
              .collect(Collectors.toMap(DatasetDao.SplitRow::split, s -> s));
      return new SplitFiles(root, splits, sweep.map(StoredSweep::context).orElse(null));
    }

    Path textFile(String split) {
      return TrialPages.textFile(split, root, splits.get(split), context);
    }
  }

  /**
   * The jsonl file holding a split's memes: from the dataset's split rows, else from the sweep's
   * context (the data folder, {@code <split>.jsonl}; the hold-out slices come from train).
   */
  static Path textFile(String split, String root, DatasetDao.SplitRow row, SweepContext context) {
    if (row != null && root != null) {
      return Path.of(root).resolve(row.fileName()).normalize();
    }
    if (context == null || !context.hasDatasetRoot()) {
      return null;
    }
    String file = split;
    if (split.equals(context.holdoutSplit()) || split.equals(SweepContext.HOLDOUT_TEST)) {
      file = context.trainSplit();
    }
    return Path.of(context.datasetRoot()).resolve(file + ".jsonl").normalize();
  }

  private TrialView.WrongMemes wrongMemes(String split, List<PredictionRow> worst, Path path) {
    Map<String, String> found = Map.of();
    String note = "";
    if (path == null) {
      note = "meme texts unavailable: the sweep records no data folder for " + split;
    } else {
      try {
        Set<String> ids = worst.stream().map(PredictionRow::memeId).collect(Collectors.toSet());
        found = texts.lookup(path, ids);
      } catch (IOException | RuntimeException e) {
        note = "meme texts unavailable: cannot read " + path + " (" + e.getMessage() + ")";
      }
    }
    List<TrialView.Meme> memes = new ArrayList<>();
    for (PredictionRow p : worst) {
      memes.add(new TrialView.Meme(p.memeId(), p.label(), p.proba(), found.get(p.memeId())));
    }
    return new TrialView.WrongMemes(split, memes, note);
  }

  private static LineChart lossChart(List<EpochRow> epochs, Integer best) {
    ChartBuilder c =
        new ChartBuilder("Loss per epoch", "epoch", "loss")
            .integerX()
            .series("train loss", "s-train", points(epochs, e -> e.trainLoss()))
            .series("dev loss", "s-dev", points(epochs, e -> e.devLoss()));
    return bestEpoch(c, epochs, best, true).build();
  }

  private static LineChart aurocChart(List<EpochRow> epochs, Integer best) {
    ChartBuilder c =
        new ChartBuilder("Dev AUROC per epoch", "epoch", "dev AUROC")
            .integerX()
            .series("dev AUROC", "s-dev", points(epochs, e -> e.devAuroc()));
    return bestEpoch(c, epochs, best, false).build();
  }

  /** A vertical line at the kept epoch, spanning the data's y range. */
  private static ChartBuilder bestEpoch(
      ChartBuilder c, List<EpochRow> epochs, Integer best, boolean loss) {
    if (best == null || epochs.isEmpty()) {
      return c;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (EpochRow e : epochs) {
      for (Double v :
          loss ? new Double[] {e.trainLoss(), e.devLoss()} : new Double[] {e.devAuroc()}) {
        if (v != null) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      return c;
    }
    double[] nice = ChartBuilder.niceRange(lo, hi);
    return c.y(nice[0], nice[1]).guide(best, nice[0], best, nice[1], "best", "kept epoch " + best);
  }

  private interface Value {
    Double of(EpochRow e);
  }

  private static List<double[]> points(List<EpochRow> epochs, Value v) {
    List<double[]> out = new ArrayList<>();
    for (EpochRow e : epochs) {
      Double y = v.of(e);
      out.add(new double[] {e.epoch(), y == null ? Double.NaN : y});
    }
    return out;
  }
}
