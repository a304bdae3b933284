package io.memefusion.report;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.eval.Calibration;
import io.memefusion.eval.Curves;
import io.memefusion.features.Modality;
import io.memefusion.report.Doc.Block;
import io.memefusion.results.Fmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Section 3: curves, confusion matrices, training curves and reliability diagrams. */
final class FiguresSection {
  /** Okabe–Ito colours, distinguishable with colour-vision deficiencies. */
  static final Map<String, Integer> MODEL_RGB =
      Map.of(
          "text",
          0x0072B2,
          "image",
          0xE69F00,
          "early_fusion",
          0x009E73,
          "late_fusion",
          0xCC79A7,
          "align_fusion",
          0xD55E00,
          "bilinear_fusion",
          0x56B4E9,
          "gated_fusion",
          0xF0E442);

  private FiguresSection() {}

  static int rgb(String model) {
    return MODEL_RGB.getOrDefault(model, 0x444444);
  }

  static List<Block> blocks(ReportData d) {
    List<Block> b = new ArrayList<>();
    b.add(new Doc.PageBreak());
    b.add(new Doc.Heading(1, "3 Figures"));
    int figure = 1;
    if (d.curves().isEmpty()) {
      b.add(Doc.Paragraph.of("No split of this sweep is labeled: there are no curves to draw."));
    }
    for (ReportData.SplitCurves split : d.curves()) {
      b.addAll(curves(split, figure));
      figure++;
    }

    List<Doc.Chart> last = new ArrayList<>();
    epochChart(d).ifPresent(last::add);
    SweepAnalysisResult a = d.analysis();
    relianceChart(d).ifPresent(last::add);
    if (!last.isEmpty()) {
      b.add(new Doc.Heading(2, "3." + figure + " Training and modality reliance"));
      b.add(
          new Doc.Figure(
              "Figure "
                  + figure
                  + ". "
                  + (d.epochs().isEmpty()
                      ? ""
                      : (last.size() > 1 ? "Left: " : "")
                          + "dev AUROC per epoch, mean over the seeds of each chosen configuration. ")
                  + (a.reliance().isEmpty()
                      ? ""
                      : (last.size() > 1 ? "Right: " : "")
                          + "AUROC lost when the text or the image features are shuffled across"
                          + " memes (0 = the head ignores that modality)."),
              last,
              190,
              2));
      figure++;
    }

    b.addAll(calibration(a, figure));
    return b;
  }

  /** Figure Na and Nb: ROC, precision–recall and confusion matrices of one labeled split. */
  private static List<Block> curves(ReportData.SplitCurves split, int figure) {
    List<Block> b = new ArrayList<>();
    b.add(new Doc.Heading(2, "3." + figure + " " + split.split()));
    List<Doc.Series> roc = new ArrayList<>();
    List<Doc.Series> pr = new ArrayList<>();
    List<Doc.Chart> confusion = new ArrayList<>();
    StringBuilder seeds = new StringBuilder();
    for (ReportData.ModelCurves m : split.models()) {
      roc.add(
          new Doc.Series(
              Fmt.model(m.model()) + " (" + Fmt.num(m.auroc()) + ")",
              rgb(m.model()),
              m.roc(),
              false,
              false));
      pr.add(new Doc.Series(Fmt.model(m.model()), rgb(m.model()), m.pr(), false, false));
      confusion.add(
          new Doc.ConfusionChart(
              Fmt.model(m.model()),
              m.confusion(),
              String.format(Locale.ROOT, "threshold %.2f (%s)", m.threshold(), m.rule().dbName())));
      seeds
          .append(seeds.length() == 0 ? "" : ", ")
          .append(Fmt.model(m.model()))
          .append(" seed ")
          .append(m.seed());
    }
    b.add(
        new Doc.Figure(
            "Figure "
                + figure
                + "a. ROC (left, AUROC in the legend) and precision–recall"
                + " (right) curves on "
                + split.split()
                + ", for the seed with the median AUROC of each model's chosen"
                + " configuration ("
                + seeds
                + "). Dashed diagonal: chance.",
            List.of(
                new Doc.LineChart(
                    "ROC — " + split.split(),
                    "false positive rate",
                    "true positive rate",
                    0,
                    1,
                    0,
                    1,
                    roc,
                    true,
                    true),
                new Doc.LineChart(
                    "Precision–recall — " + split.split(),
                    "recall",
                    "precision",
                    0,
                    1,
                    0,
                    1,
                    pr,
                    false,
                    false)),
            200));
    b.add(
        new Doc.Figure(
            "Figure "
                + figure
                + "b. Confusion matrices on "
                + split.split()
                + " at each model's threshold (same seeds as above); rows are the true labels, colour intensity"
                + " the share of the row.",
            confusion,
            122));
    return b;
  }

  /** Dev AUROC per epoch, mean over each chosen configuration's seeds. */
  private static Optional<Doc.Chart> epochChart(ReportData d) {
    if (d.epochs().isEmpty()) {
      return Optional.empty();
    }
    double maxEpoch = 1;
    double lo = 1;
    double hi = 0;
    List<Doc.Series> series = new ArrayList<>();
    for (ReportData.EpochCurve e : d.epochs()) {
      for (Curves.Point p : e.points()) {
        maxEpoch = Math.max(maxEpoch, p.x());
        lo = Math.min(lo, p.y());
        hi = Math.max(hi, p.y());
      }
      series.add(new Doc.Series(Fmt.model(e.model()), rgb(e.model()), e.points(), true, false));
    }
    double[] yt = Charts.ticks(Math.max(0, lo - 0.02), Math.min(1, hi + 0.02));
    return Optional.of(
        new Doc.LineChart(
            "Dev AUROC per epoch",
            "epoch",
            "dev AUROC",
            1,
            Math.max(2, maxEpoch),
            yt[0],
            yt[yt.length - 1],
            series,
            false,
            true));
  }

  /** The AUROC each chosen head loses when a modality is shuffled, on the primary split. */
  private static Optional<Doc.Chart> relianceChart(ReportData d) {
    SweepAnalysisResult a = d.analysis();
    if (a.reliance().isEmpty()) {
      return Optional.empty();
    }
    String primary = Discussion.primarySplit(d).orElse("");
    String split =
        a.reliance().stream().anyMatch(r -> r.split().equals(primary))
            ? primary
            : a.reliance().get(0).split();
    List<String> models = a.chosenTrials().keySet().stream().toList();
    List<Doc.BarSeries> series = new ArrayList<>();
    for (Modality m : Modality.values()) {
      List<Double> values = new ArrayList<>();
      for (String model : models) {
        values.add(
            a.reliance().stream()
                .filter(
                    r -> r.split().equals(split) && r.model().equals(model) && r.modality() == m)
                .mapToDouble(r -> r.drop().mean())
                .findFirst()
                .orElse(Double.NaN));
      }
      series.add(
          new Doc.BarSeries(
              m.dbName() + " shuffled", m == Modality.TEXT ? 0x0072B2 : 0xE69F00, values));
    }
    return Optional.of(
        new Doc.BarChart(
            "AUROC drop when shuffling a modality — " + split,
            "AUROC drop",
            models.stream().map(Fmt::model).toList(),
            series));
  }

  /** Reliability diagrams, two splits per figure. */
  private static List<Block> calibration(SweepAnalysisResult a, int figure) {
    List<Block> b = new ArrayList<>();
    List<Doc.Chart> reliability = new ArrayList<>();
    List<String> splits = new ArrayList<>();
    for (SweepAnalysisResult.SplitSummary s : a.splits()) {
      List<Doc.Series> series = new ArrayList<>();
      for (SweepAnalysisResult.CalibrationSummary c : a.calibration()) {
        if (!c.split().equals(s.name())) {
          continue;
        }
        List<Curves.Point> points = new ArrayList<>();
        for (Calibration.Bin bin : c.bins()) {
          if (bin.count() > 0) {
            points.add(new Curves.Point(bin.meanPredicted(), bin.observedFrequency()));
          }
        }
        series.add(
            new Doc.Series(
                Fmt.model(c.model()) + " (ECE " + Fmt.num(c.ecePooled()) + ")",
                rgb(c.model()),
                points,
                true,
                false));
      }
      if (!series.isEmpty()) {
        reliability.add(
            new Doc.LineChart(
                "Reliability — " + s.name(),
                "mean predicted probability",
                "observed frequency of hateful",
                0,
                1,
                0,
                1,
                series,
                true,
                false));
        splits.add(s.name());
      }
    }
    for (int i = 0; i < reliability.size(); i += 2) {
      List<Doc.Chart> row = reliability.subList(i, Math.min(i + 2, reliability.size()));
      if (i == 0) {
        b.add(new Doc.Heading(2, "3." + figure + " Calibration"));
      }
      b.add(
          new Doc.Figure(
              "Figure "
                  + figure
                  + (reliability.size() > 2 ? (char) ('a' + i / 2) : "")
                  + ". Reliability diagrams ("
                  + String.join(", ", splits.subList(i, Math.min(i + 2, splits.size())))
                  + "): predictions of all seeds pooled into "
                  + a.settings().calibrationBins()
                  + " equal-width bins; points on the diagonal are calibrated.",
              row,
              200));
    }
    return b;
  }
}
