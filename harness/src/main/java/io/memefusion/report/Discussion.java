package io.memefusion.report;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.report.Doc.Block;
import io.memefusion.results.Fmt;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Section 4, written from the numbers: each paragraph is a rule that reads the tables and intervals
 * and states what they support — and only that. Intervals decide "beyond noise"; overlapping
 * intervals are reported as "not distinguishable".
 */
final class Discussion {
  private Discussion() {}

  static List<Block> blocks(ReportData d) {
    SweepAnalysisResult a = d.analysis();
    List<Block> b = new ArrayList<>();
    b.add(new Doc.Heading(1, "4 Discussion"));
    Optional<String> split = primarySplit(d);
    if (split.isEmpty()) {
      b.add(
          Doc.Paragraph.of(
              "No split of this sweep has labels, so nothing can be said about how well the"
                  + " models work; the predictions can still be submitted for scoring elsewhere."));
      b.addAll(limitations(d));
      return b;
    }
    String s = split.get();
    b.add(new Doc.Heading(3, "Which modality carries the signal"));
    b.add(Doc.Paragraph.of(modality(a, s)));
    b.add(new Doc.Heading(3, "Does fusion help beyond the noise?"));
    b.add(Doc.Paragraph.of(fusion(a, s)));
    b.add(new Doc.Heading(3, "Early versus late fusion"));
    b.add(Doc.Paragraph.of(earlyVsLate(a, s)));
    HeadsDiscussion.interactions(a, s)
        .ifPresent(
            t -> {
              b.add(new Doc.Heading(3, "Interaction heads"));
              b.add(Doc.Paragraph.of(t));
            });
    HeadsDiscussion.ensembles(d, s)
        .ifPresent(
            t -> {
              b.add(new Doc.Heading(3, "Seed ensembles"));
              b.add(Doc.Paragraph.of(t));
            });
    threshold(d, s)
        .ifPresent(
            t -> {
              b.add(new Doc.Heading(3, "The threshold rule"));
              b.add(Doc.Paragraph.of(t));
            });
    b.add(new Doc.Heading(3, "Modality reliance and confounders"));
    b.add(Doc.Paragraph.of(RelianceDiscussion.reliance(a, s)));
    RelianceDiscussion.confounders(a, s).ifPresent(t -> b.add(Doc.Paragraph.of(t)));
    b.addAll(limitations(d));
    return b;
  }

  /** The split the discussion is about: the labeled test split, else the dev split. */
  static Optional<String> primarySplit(ReportData d) {
    for (List<ResultTable> tables : List.of(d.results().testTables(), d.results().devTables())) {
      for (ResultTable t : tables) {
        if (!t.rows().isEmpty() && d.analysis().ci("text", t.split(), "auroc", null).isPresent()) {
          return Optional.of(t.split());
        }
      }
    }
    return d.analysis().cis().stream().map(MetricCi::split).findFirst();
  }

  static String modality(SweepAnalysisResult a, String split) {
    Optional<MetricCi> text = a.ci("text", split, "auroc", null);
    Optional<MetricCi> image = a.ci("image", split, "auroc", null);
    if (text.isEmpty() || image.isEmpty()) {
      return "Both unimodal models are needed to say which modality carries the signal; this sweep lacks one.";
    }
    var t = text.get().interval();
    var i = image.get().interval();
    String numbers =
        "On "
            + split
            + ", AUROC is "
            + Fmt.num(t.estimate())
            + " "
            + Fmt.ci(t)
            + " for text only and "
            + Fmt.num(i.estimate())
            + " "
            + Fmt.ci(i)
            + " for image only. ";
    String verdict;
    Optional<PairedComparison> p = a.paired(split, "text", "image");
    if (p.isPresent() && !Double.isNaN(p.get().result().difference().lower())) {
      var d = p.get().result().difference();
      String diff =
          "Text minus image, paired on the same memes: "
              + Fmt.signed(d.estimate())
              + " "
              + Fmt.signedCi(d)
              + ". ";
      verdict =
          diff
              + (p.get().result().aboveZero()
                  ? "The text carries more of the signal than the image, beyond resampling noise."
                  : p.get().result().belowZero()
                      ? "The image carries more of the signal than the text, beyond resampling noise."
                      : "The two modalities are not distinguishable on this split.");
    } else if (t.lower() > i.upper()) {
      verdict = "The intervals do not overlap: the text carries more of the signal than the image.";
    } else if (i.lower() > t.upper()) {
      verdict = "The intervals do not overlap: the image carries more of the signal than the text.";
    } else {
      verdict =
          "The intervals overlap, so this sweep cannot say which modality carries more signal.";
    }
    String chance = "";
    if (i.lower() <= 0.5) {
      chance =
          " The image-only interval includes 0.5: on its own, the image is not shown to beat chance.";
    } else if (t.lower() <= 0.5) {
      chance =
          " The text-only interval includes 0.5: on its own, the text is not shown to beat chance.";
    }
    return numbers + verdict + chance;
  }

  static String fusion(SweepAnalysisResult a, String split) {
    List<String> parts = new ArrayList<>();
    for (String fused : HeadsDiscussion.FUSION) {
      Optional<PairedComparison> p = a.paired(split, fused, "text");
      if (p.isEmpty()) {
        continue;
      }
      var diff = p.get().result().difference();
      String verdict =
          p.get().result().aboveZero()
              ? "an improvement beyond resampling noise"
              : p.get().result().belowZero()
                  ? "worse than text only, beyond resampling noise"
                  : "not distinguishable from no change";
      parts.add(
          String.format(
              Locale.ROOT,
              "%s minus text only: %s AUROC %s, with %.1f%% of the paired"
                  + " resamples at or below zero — %s.",
              Fmt.model(fused),
              Fmt.signed(diff.estimate()),
              Fmt.signedCi(diff),
              100 * p.get().result().fractionAtMostZero(),
              verdict));
    }
    if (parts.isEmpty()) {
      return "No paired comparison between a fusion model and the text-only model is available on "
          + split
          + ".";
    }
    return "On "
        + split
        + ", comparing each fusion model with the text-only model on the same resampled memes: "
        + String.join(" ", parts);
  }

  static String earlyVsLate(SweepAnalysisResult a, String split) {
    Optional<PairedComparison> p = a.paired(split, "early_fusion", "late_fusion");
    if (p.isEmpty()) {
      return "Early and late fusion were not both run on " + split + ".";
    }
    var diff = p.get().result().difference();
    String who =
        p.get().result().aboveZero()
            ? "Early fusion (one MLP over the concatenated features, free to combine text and image) beats late"
                + " fusion (averaged per-modality logits) beyond resampling noise."
            : p.get().result().belowZero()
                ? "Late fusion beats early fusion beyond resampling noise, even though early fusion can model"
                    + " text–image interactions; with frozen features and little data the simpler combination won."
                : "The two fusion strategies are not distinguishable on this split.";
    return String.format(
        Locale.ROOT,
        "Early minus late fusion on %s: %s AUROC %s. %s",
        split,
        Fmt.signed(diff.estimate()),
        Fmt.signedCi(diff),
        who);
  }

  static Optional<String> threshold(ReportData d, String split) {
    List<ResultTable> tables = new ArrayList<>(d.results().testTables());
    tables.addAll(d.results().devTables());
    Optional<ResultTable> fixed =
        tables.stream()
            .filter(
                t ->
                    t.split().equals(split)
                        && t.rule() == ThresholdRule.FIXED_05
                        && !t.rows().isEmpty())
            .findFirst();
    Optional<ResultTable> holdout =
        tables.stream()
            .filter(
                t ->
                    t.split().equals(split)
                        && t.rule() == ThresholdRule.TRAIN_HOLDOUT
                        && !t.rows().isEmpty())
            .findFirst();
    if (fixed.isEmpty() || holdout.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (ModelRow f : fixed.get().rows()) {
      Optional<ModelRow> h =
          holdout.get().rows().stream().filter(r -> r.model().equals(f.model())).findFirst();
      if (h.isEmpty()) {
        continue;
      }
      parts.add(
          String.format(
              Locale.ROOT,
              "%s accuracy %s → %s, recall %s → %s",
              Fmt.model(f.model()),
              mean(f, Metric.ACCURACY),
              mean(h.get(), Metric.ACCURACY),
              mean(f, Metric.RECALL),
              mean(h.get(), Metric.RECALL)));
    }
    long better =
        fixed.get().rows().stream()
            .filter(
                f ->
                    holdout.get().rows().stream()
                        .anyMatch(
                            h ->
                                h.model().equals(f.model())
                                    && h.metrics().get(Metric.ACCURACY).mean()
                                        > f.metrics().get(Metric.ACCURACY).mean()))
            .count();
    return Optional.of(
        "AUROC does not depend on the threshold, but accuracy, precision and recall do. Moving"
            + " from the fixed 0.5 threshold to the one chosen on the train holdout on "
            + split
            + ": "
            + String.join("; ", parts)
            + ". The holdout threshold raises accuracy for "
            + better
            + " of "
            + fixed.get().rows().size()
            + " models; since it is chosen without dev or test, the comparison is fair.");
  }

  private static String mean(ModelRow r, Metric m) {
    MeanStd v = r.metrics().get(m);
    return v == null ? Fmt.NONE : Fmt.num(v.mean());
  }

  static List<Block> limitations(ReportData d) {
    List<String> items = new ArrayList<>();
    items.add(
        "Frozen encoders: only the heads are trained, so the features were never adapted to hateful"
            + " memes; the paper's fine-tuned baselines are not directly comparable.");
    int missing =
        d.datasetSplits().stream()
            .mapToInt(io.memefusion.db.DatasetDao.SplitRow::missingImages)
            .sum();
    if (missing > 0) {
      items.add(
          missing
              + " images were missing; memes without one were dropped for the models that read"
              + " images, so those models saw slightly fewer memes.");
    }
    boolean random = false;
    for (var e : d.sweep().context().encoders()) {
      random |= !e.pretrained();
    }
    if (random) {
      items.add(
          "An encoder has random weights, so its features are not semantic: the numbers of the heads"
              + " that read it do not measure what a pretrained encoder would give.");
    }
    int seeds = d.analysis().chosenTrials().values().stream().mapToInt(List::size).max().orElse(0);
    if (seeds < 3) {
      items.add(
          "Only " + seeds + " seed(s) per configuration: the ± over seeds is a weak estimate.");
    }
    items.add(
        "The intervals cover the sampling of memes and the listed seeds, not other encoders, other"
            + " hyperparameter grids or annotator disagreement.");
    if (d.analysis().notes().stream().anyMatch(n -> n.startsWith("dev_unseen shares"))) {
      items.add(
          "dev_unseen overlaps dev_seen, so the two dev results are not independent evidence.");
    }
    d.analysis().notes().stream().filter(n -> n.contains("has no labels")).forEach(items::add);
    return List.of(new Doc.Heading(3, "Limitations"), new Doc.Bullets(items));
  }
}
