package io.memefusion.report;

import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.Precision;
import io.memefusion.report.Doc.Align;
import io.memefusion.report.Doc.Block;
import io.memefusion.results.Fmt;
import io.memefusion.sweep.Domain;
import io.memefusion.sweep.Param;
import io.memefusion.sweep.SweepHost;
import io.memefusion.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Section 1.3 of the overview: the heads, the hyperparameter space searched (Table 4), seeds,
 * threshold rules, precision, device and trial counts, and the notes the sweep recorded.
 */
final class HeadsOverview {
  private HeadsOverview() {}

  static List<Block> blocks(ReportData d) {
    List<Block> b = new ArrayList<>();
    b.add(new Doc.Heading(2, "1.3 Heads, hyperparameters and seeds"));
    Optional<SweepSpec> spec = d.sweep().spec();
    if (spec.isEmpty()) {
      b.add(
          Doc.Paragraph.of(
              "Sweep specification (as stored; this version cannot read it): "
                  + d.sweep().row().spec()));
    } else {
      b.add(space(spec.get()));
    }
    List<String> facts = new ArrayList<>();
    spec.ifPresent(s -> facts.addAll(facts(s)));
    facts.add(
        "Device: "
            + d.sweep()
                .host()
                .map(SweepHost::describe)
                .orElse("not recorded (the sweep was created before memefusion recorded it)")
            + ".");
    Map<String, Integer> status = new LinkedHashMap<>();
    d.trialCounts().forEach(t -> status.merge(t.status(), t.trials(), Integer::sum));
    facts.add(
        "Trials: "
            + (status.isEmpty()
                ? "none"
                : status.toString().replaceAll("[{}]", "").replace("=", " "))
            + ".");
    b.add(new Doc.Bullets(facts));
    List<String> notes = d.sweep().context().notes();
    if (!notes.isEmpty()) {
      b.add(new Doc.Heading(3, "Notes the sweep recorded"));
      b.add(new Doc.Bullets(notes));
    }
    return b;
  }

  /** Table 4: each hyperparameter's values or range, as the spec stores them. */
  private static Block space(SweepSpec spec) {
    List<List<String>> hp = new ArrayList<>();
    // in the order reports have always listed them: as PostgreSQL's jsonb keeps a spec's keys
    // (shorter first, then by name)
    List<Map.Entry<Param, Domain>> params = new ArrayList<>(spec.params().entrySet());
    params.sort(
        Comparator.comparing(
            (Map.Entry<Param, Domain> e) -> e.getKey().key(),
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())));
    for (Map.Entry<Param, Domain> e : params) {
      Param p = e.getKey();
      String values;
      if (e.getValue() instanceof Domain.Range r) {
        values =
            Double.toString(r.min())
                + " to "
                + Double.toString(r.max())
                + (r.log() ? " (log scale)" : "");
      } else {
        List<String> v = new ArrayList<>();
        ((Domain.Choice) e.getValue()).values().forEach(x -> v.add(number(p, x)));
        values = String.join(", ", v);
      }
      hp.add(List.of(p.key(), values));
    }
    if (!spec.textRecipes().equals(List.of(TextRecipe.DEFAULT))) {
      // a sweep comparing text recipes: each multiplies the configurations of the text models
      hp.add(
          List.of(
              "text_recipe",
              String.join(", ", spec.textRecipes().stream().map(TextRecipe::id).toList())
                  + " (models that use text)"));
    }
    boolean random = spec.search() == SweepSpec.Search.RANDOM;
    return new Doc.Table(
        "Table 4. Hyperparameter space searched ("
            + (random ? spec.samples() + " random draws, seed " + spec.searchSeed() : "full grid")
            + ")",
        List.of("Hyperparameter", "Values"),
        hp,
        List.of(Align.LEFT, Align.LEFT),
        "Models: "
            + String.join(", ", spec.models().stream().map(HeadKind::dbName).toList())
            + ". Each configuration is trained once per seed;"
            + " for each model the configuration with the best mean dev AUROC is reported.");
  }

  /** A value as the stored spec writes it: integers without a fraction, reals as Java prints. */
  private static String number(Param p, double v) {
    return p.integer() ? Long.toString((long) v) : Double.toString(v);
  }

  private static List<String> facts(SweepSpec spec) {
    List<String> facts = new ArrayList<>();
    facts.add(
        "Seeds: " + String.join(", ", spec.seeds().stream().map(String::valueOf).toList()) + ".");
    facts.add(
        "Threshold rules: fixed 0.5, and the threshold with the best F1 on a stratified "
            + Fmt.pct(spec.holdoutFraction())
            + " of train held out (split seed "
            + spec.splitSeed()
            + "; neither dev nor test).");
    if (spec.holdoutTest() > 0) {
      facts.add(
          "Test: "
              + Fmt.pct(spec.holdoutTest())
              + " of train carved out as a labeled"
              + " test split (the dataset's test is unlabeled).");
    }
    if (spec.sameMemes()) {
      facts.add(
          "Memes without an image were dropped for every model, so all models see the same memes.");
    }
    if (spec.precision() == Precision.BF16) {
      facts.add(
          "Precision: bf16 mixed precision in the heads' first-layer training matmuls (bfloat16"
              + " inputs and weights, float32 accumulation, float32 weights, loss and scoring).");
    } else {
      facts.add("Precision: float32 throughout.");
    }
    return facts;
  }
}
