package io.memefusion.report;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.analysis.SweepAnalysisResult.ConfounderAccuracy;
import io.memefusion.analysis.SweepAnalysisResult.RelianceSummary;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.features.Modality;
import io.memefusion.results.Fmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Discussion's paragraphs on what the heads read: modality reliance (AUROC lost when one
 * modality is shuffled) and accuracy on confounder memes, for every head the sweep ran.
 */
final class RelianceDiscussion {
  /** A drop below this AUROC is read as "ignores the modality". */
  static final double NEGLIGIBLE_DROP = 0.005;

  private RelianceDiscussion() {}

  static String reliance(SweepAnalysisResult a, String primary) {
    if (a.reliance().isEmpty()) {
      return "Modality reliance was not recorded for this sweep, so whether the fused models use the image"
          + " cannot be checked here.";
    }
    List<String> parts = new ArrayList<>();
    // the discussed split when reliance was measured there, else the first measured
    String split =
        a.reliance().stream().anyMatch(r -> r.split().equals(primary))
            ? primary
            : a.reliance().get(0).split();
    List<String> models = new ArrayList<>(HeadsDiscussion.FUSION);
    models.addAll(List.of("text", "image"));
    for (String model : models) {
      Optional<RelianceSummary> img = find(a, model, split, Modality.IMAGE);
      Optional<RelianceSummary> txt = find(a, model, split, Modality.TEXT);
      if (img.isEmpty() && txt.isEmpty()) {
        continue;
      }
      String s =
          Fmt.model(model)
              + " loses "
              + txt.map(r -> Fmt.num(r.drop().mean())).orElse(Fmt.NONE)
              + " AUROC when texts are shuffled and "
              + img.map(r -> Fmt.num(r.drop().mean())).orElse(Fmt.NONE)
              + " when images are";
      if (img.isPresent() && Math.abs(img.get().drop().mean()) < NEGLIGIBLE_DROP) {
        s += " — it effectively ignores the image";
      } else if (txt.isPresent() && Math.abs(txt.get().drop().mean()) < NEGLIGIBLE_DROP) {
        s += " — it effectively ignores the text";
      } else if (img.isPresent() && txt.isPresent()) {
        s +=
            img.get().drop().mean() > txt.get().drop().mean()
                ? " — it leans on the image more"
                : " — it leans on the text more";
      }
      parts.add(s);
    }
    return "On " + split + ": " + String.join("; ", parts) + ".";
  }

  private static Optional<RelianceSummary> find(
      SweepAnalysisResult a, String model, String split, Modality m) {
    return a.reliance().stream()
        .filter(r -> r.model().equals(model) && r.split().equals(split) && r.modality() == m)
        .findFirst();
  }

  static Optional<String> confounders(SweepAnalysisResult a, String primary) {
    ThresholdRule rule = ResultsSection.rule(a);
    List<ConfounderAccuracy> all =
        a.confounders().stream().filter(c -> c.kind().equals("any") && c.rule() == rule).toList();
    if (all.isEmpty()) {
      return Optional.empty();
    }
    // the discussed split when it has confounder groups, else the first that has
    String split =
        all.stream().anyMatch(c -> c.split().equals(primary)) ? primary : all.get(0).split();
    List<ConfounderAccuracy> any = all.stream().filter(c -> c.split().equals(split)).toList();
    List<String> parts = new ArrayList<>();
    ConfounderAccuracy worst = null;
    for (ConfounderAccuracy c : any) {
      if (!c.split().equals(split)) {
        continue;
      }
      parts.add(
          Fmt.model(c.model())
              + " "
              + Fmt.num(c.accuracy().mean())
              + " (overall "
              + Fmt.num(c.overall().mean())
              + ")");
      if (worst == null
          || c.accuracy().mean() - c.overall().mean()
              < worst.accuracy().mean() - worst.overall().mean()) {
        worst = c;
      }
    }
    String text =
        "On the "
            + any.get(0).memes()
            + " memes of "
            + split
            + " that belong to a confounder group,"
            + " accuracy ("
            + rule.dbName()
            + " threshold) is: "
            + String.join(", ", parts)
            + ".";
    if (worst != null && worst.accuracy().mean() < worst.overall().mean()) {
      boolean unimodal = worst.model().equals("text") || worst.model().equals("image");
      text +=
          " The gap to overall accuracy is largest for "
              + Fmt.model(worst.model()).toLowerCase(java.util.Locale.ROOT)
              + " ("
              + Fmt.signed(worst.accuracy().mean() - worst.overall().mean())
              + ")"
              + (unimodal ? ", as expected of a model that reads one modality." : ".");
    }
    Optional<ConfounderAccuracy> early =
        any.stream()
            .filter(c -> c.split().equals(split) && c.model().equals("early_fusion"))
            .findFirst();
    Optional<ConfounderAccuracy> late =
        any.stream()
            .filter(c -> c.split().equals(split) && c.model().equals("late_fusion"))
            .findFirst();
    if (early.isPresent() && late.isPresent()) {
      text +=
          early.get().accuracy().mean() > late.get().accuracy().mean()
              ? " Early fusion handles confounders better than late fusion, which averages two unimodal opinions."
              : " Late fusion is not worse than early fusion on confounders here.";
    }
    return Optional.of(text);
  }
}
