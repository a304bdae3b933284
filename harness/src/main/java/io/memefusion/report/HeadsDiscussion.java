package io.memefusion.report;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.MetricCi;
import io.memefusion.analysis.SweepAnalysisResult.PairedComparison;
import io.memefusion.eval.Interval;
import io.memefusion.eval.Metric;
import io.memefusion.eval.PairedDifference;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.heads.HeadKind;
import io.memefusion.results.EnsembleRow;
import io.memefusion.results.Fmt;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Discussion's paragraphs beyond the lab's four heads: how each interaction head the sweep ran
 * compares with early fusion (paired bootstrap), and what averaging a configuration's seeds (the
 * seed-ensemble rows) gained. Written from the numbers; a head or an ensemble the sweep does not
 * have is not mentioned.
 */
final class HeadsDiscussion {
  /** Every head that reads both modalities, in the tables' order: the lab's two, then the rest. */
  static final List<String> FUSION =
      Arrays.stream(HeadKind.values())
          .filter(k -> k.usesText() && k.usesImage())
          .map(HeadKind::dbName)
          .toList();

  /** The fusion heads beyond the lab's four: align, bilinear and gated fusion. */
  static final List<String> INTERACTION =
      FUSION.stream().filter(m -> !HeadKind.lab().contains(HeadKind.fromDbName(m))).toList();

  private HeadsDiscussion() {}

  /** How each interaction head compares with early fusion; empty when the sweep ran none. */
  static Optional<String> interactions(SweepAnalysisResult a, String split) {
    List<String> parts = new ArrayList<>();
    List<String> better = new ArrayList<>();
    List<String> worse = new ArrayList<>();
    int compared = 0;
    for (String head : INTERACTION) {
      Optional<MetricCi> ci = a.ci(head, split, "auroc", null);
      if (ci.isEmpty()) {
        continue;
      }
      Interval auroc = ci.get().interval();
      StringBuilder s =
          new StringBuilder(Fmt.model(head))
              .append(" (")
              .append(how(head))
              .append(") reaches AUROC ")
              .append(Fmt.num(auroc.estimate()))
              .append(' ')
              .append(Fmt.ci(auroc));
      Optional<PairedComparison> early = a.paired(split, head, "early_fusion");
      if (early.isPresent()) {
        compared++;
        PairedDifference p = early.get().result();
        s.append("; minus early fusion ").append(difference(p));
        s.append(", ").append(verdict(p, "early fusion"));
        if (p.aboveZero()) {
          better.add(Fmt.model(head));
        } else if (p.belowZero()) {
          worse.add(Fmt.model(head));
        }
      }
      parts.add(s.append('.').toString());
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    String summary;
    if (compared == 0) {
      summary = "Early fusion was not run, so whether the interaction helps cannot be tested here.";
    } else if (!better.isEmpty()) {
      summary =
          String.join(" and ", better)
              + " beat"
              + (better.size() == 1 ? "s" : "")
              + " concatenation beyond resampling noise: on these features, how the modalities"
              + " interact matters.";
    } else if (worse.size() == compared) {
      summary =
          "Every interaction head falls below early fusion beyond resampling noise: on these"
              + " features and this much data, concatenation followed by an MLP is the better head.";
    } else {
      summary =
          "No interaction head is shown to beat early fusion on this split"
              + (worse.isEmpty() ? "" : " (" + String.join(" and ", worse) + " fall below it)")
              + ": the multiplicative interaction adds nothing measurable over concatenation here.";
    }
    return Optional.of(
        "On "
            + split
            + ", each interaction head against early fusion, paired on the same resampled memes"
            + " (each against text only is in the fusion paragraph above): "
            + String.join(" ", parts)
            + " "
            + summary);
  }

  private static String how(String head) {
    switch (head) {
      case "align_fusion":
        return "element-wise product of the projected modalities";
      case "bilinear_fusion":
        return "low-rank bilinear pooling";
      case "gated_fusion":
        return "a learned gate mixing the two modalities";
      default:
        return "an interaction of the two modalities";
    }
  }

  static String difference(PairedDifference p) {
    return Fmt.signed(p.difference().estimate()) + " " + Fmt.signedCi(p.difference());
  }

  static String verdict(PairedDifference p, String other) {
    return p.aboveZero()
        ? "better than " + other + " beyond resampling noise"
        : p.belowZero()
            ? "worse than " + other + " beyond resampling noise"
            : "not distinguishable from " + other;
  }

  /**
   * What averaging the seeds of each chosen configuration gained in AUROC on {@code split}; empty
   * when the sweep has no seed ensembles there (one seed per configuration).
   */
  static Optional<String> ensembles(ReportData d, String split) {
    Optional<ResultTable> table = ensembleTable(d, split);
    if (table.isEmpty()) {
      return Optional.empty();
    }
    List<EnsembleRow> rows =
        table.get().ensembles().rows().stream().filter(e -> e.gain() != null).toList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (EnsembleRow e : rows) {
      PairedDifference g = e.gain();
      parts.add(
          String.format(
              Locale.ROOT,
              "%s %s → %s (%s)",
              Fmt.model(e.model()),
              Fmt.num(e.value(Metric.AUROC) - g.difference().estimate()),
              Fmt.num(e.value(Metric.AUROC)),
              difference(g)));
    }
    int seeds = rows.stream().mapToInt(EnsembleRow::seedCount).max().orElse(0);
    String verdict = ensembleVerdict(rows);
    String ranking = ensembleRanking(table.get(), rows);
    return Optional.of(
        "Averaging the probabilities of the "
            + (seeds > 0 ? seeds + " " : "")
            + "seeds of each chosen configuration and scoring the average as one model (the"
            + " seed-ensemble rows), on "
            + split
            + ", AUROC goes from the seeds' mean to the ensemble's, with the paired gain: "
            + String.join("; ", parts)
            + ". "
            + verdict
            + ranking
            + " An ensemble costs as many trainings as it has seeds; the ± over seeds in the tables"
            + " describes one model.");
  }

  /** The fixed-0.5 table of {@code split} (test first, then dev) that has seed ensembles. */
  private static Optional<ResultTable> ensembleTable(ReportData d, String split) {
    List<ResultTable> tables = new ArrayList<>(d.results().testTables());
    tables.addAll(d.results().devTables());
    return tables.stream()
        .filter(
            t ->
                t.split().equals(split)
                    && t.rule() == ThresholdRule.FIXED_05
                    && !t.ensembles().rows().isEmpty())
        .findFirst();
  }

  /** For how many models the ensemble's gain is beyond resampling noise, either way. */
  private static String ensembleVerdict(List<EnsembleRow> rows) {
    int above = 0;
    int below = 0;
    for (EnsembleRow e : rows) {
      PairedDifference g = e.gain();
      above += g.aboveZero() ? 1 : 0;
      below += g.belowZero() ? 1 : 0;
    }
    String verdict =
        above == rows.size()
            ? "The gain is beyond resampling noise for every model."
            : above > 0
                ? "The gain is beyond resampling noise for "
                    + above
                    + " of "
                    + rows.size()
                    + " models."
                : "For no model is the gain beyond resampling noise: the seeds agree closely enough"
                    + " that averaging them buys little.";
    if (below > 0) {
      verdict += " Averaging lowers AUROC beyond noise for " + below + " model(s).";
    }
    return verdict;
  }

  /** Whether the best ensemble belongs to the best single model; empty without single AUROCs. */
  private static String ensembleRanking(ResultTable table, List<EnsembleRow> rows) {
    EnsembleRow bestEnsemble =
        rows.stream().max(Comparator.comparingDouble(e -> e.value(Metric.AUROC))).orElseThrow();
    Optional<ModelRow> bestSingle =
        table.rows().stream()
            .filter(r -> r.metrics().get(Metric.AUROC) != null)
            .max(Comparator.comparingDouble(r -> r.metrics().get(Metric.AUROC).mean()));
    String ranking = "";
    if (bestSingle.isPresent()) {
      MeanStd single = bestSingle.get().metrics().get(Metric.AUROC);
      ranking =
          bestSingle.get().model().equals(bestEnsemble.model())
              ? " The best ensemble, "
                  + Fmt.model(bestEnsemble.model()).toLowerCase(Locale.ROOT)
                  + " (AUROC "
                  + Fmt.num(bestEnsemble.value(Metric.AUROC))
                  + " "
                  + Fmt.ci(bestEnsemble.auroc())
                  + "), belongs to the model that is best on its own (mean "
                  + Fmt.num(single.mean())
                  + "): averaging does not change the ranking's top."
              : " The best ensemble is "
                  + Fmt.model(bestEnsemble.model()).toLowerCase(Locale.ROOT)
                  + " (AUROC "
                  + Fmt.num(bestEnsemble.value(Metric.AUROC))
                  + " "
                  + Fmt.ci(bestEnsemble.auroc())
                  + "), while the best single model by mean AUROC is "
                  + Fmt.model(bestSingle.get().model()).toLowerCase(Locale.ROOT)
                  + " ("
                  + Fmt.num(single.mean())
                  + "): averaging changes the ranking's top.";
    }
    return ranking;
  }
}
