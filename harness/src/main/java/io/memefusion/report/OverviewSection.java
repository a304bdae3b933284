package io.memefusion.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.report.Doc.Align;
import io.memefusion.report.Doc.Block;
import io.memefusion.results.Fmt;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepHost;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Section 1: what was run. Reads what the sweep recorded (sweep.spec, sweep.context, dataset_split,
 * feature_set, trial timings); fields a sweep did not record are shown as "—".
 */
final class OverviewSection {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private OverviewSection() {}

  static List<Block> blocks(ReportData d) {
    List<Block> b = new ArrayList<>();
    b.add(new Doc.Heading(1, "1 Overview"));
    ReportDao.SweepRow s = d.sweep();
    String when =
        s.startedAt() == null
            ? "not started"
            : "ran "
                + s.startedAt().format(WHEN)
                + (s.finishedAt() == null
                    ? ""
                    : " to "
                        + s.finishedAt().format(WHEN)
                        + " ("
                        + Fmt.seconds(
                            Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0)
                        + " wall time)");
    b.add(
        Doc.Paragraph.of(
            "Sweep #"
                + s.id()
                + " \""
                + s.name()
                + "\", status "
                + s.status()
                + ", "
                + when
                + ". Four classifier heads are trained on frozen text and image features: text only, image only,"
                + " early fusion (the two feature vectors concatenated, then one MLP) and late fusion (the mean"
                + " of a text MLP's and an image MLP's logits, trained jointly)."));

    b.add(new Doc.Heading(2, "1.1 Data"));
    if (d.dataset().isPresent()) {
      ReportDao.DatasetRow ds = d.dataset().get();
      b.add(
          Doc.Paragraph.of(
              "Dataset \""
                  + ds.name()
                  + "\" in "
                  + ds.root()
                  + " (content hash "
                  + ds.contentHash().substring(0, Math.min(12, ds.contentHash().length()))
                  + "). One JSON-lines file per split (id, img, label, text); image paths are relative to the"
                  + " dataset folder."));
    } else if (s.context().path("dataset").has("root")) {
      JsonNode ds = s.context().path("dataset");
      b.add(
          Doc.Paragraph.of(
              "Dataset \""
                  + ds.path("name").asText()
                  + "\" in "
                  + ds.path("root").asText()
                  + ". One JSON-lines file per split (id, img, label, text); image paths are relative to the"
                  + " dataset folder."));
    } else {
      b.add(Doc.Paragraph.of("The sweep did not record its dataset."));
    }
    if (!d.datasetSplits().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      int missing = 0;
      for (ReportDao.DatasetSplitRow r : d.datasetSplits()) {
        missing += r.missingImages();
        rows.add(
            List.of(
                r.split(),
                r.role(),
                r.fileName(),
                String.valueOf(r.rows()),
                r.labeled() ? String.valueOf(r.positives()) : "—",
                r.labeled() && r.rows() > 0 ? Fmt.pct((double) r.positives() / r.rows()) : "—",
                r.labeled() ? "yes" : "no",
                String.valueOf(r.missingImages()),
                used(s.context(), r.split())));
      }
      b.add(
          new Doc.Table(
              "Table 1. Splits: size, label balance and images missing",
              List.of(
                  "Split",
                  "Role",
                  "File",
                  "Memes",
                  "Hateful",
                  "Hateful %",
                  "Labeled",
                  "Images missing",
                  "Rows used"),
              rows,
              List.of(
                  Align.LEFT,
                  Align.LEFT,
                  Align.LEFT,
                  Align.RIGHT,
                  Align.RIGHT,
                  Align.RIGHT,
                  Align.LEFT,
                  Align.RIGHT,
                  Align.RIGHT),
              missing == 0
                  ? "Every image was found."
                  : missing
                      + " images were missing or unreadable. The sweep drops those memes for the"
                      + " models that read images (for every model when all must see the same"
                      + " memes); 'Rows used' is what each split kept in this sweep."));
    }

    b.add(new Doc.Heading(2, "1.2 Encoders"));
    // sweep.context.features: {"text": {model_id, model_hash, dim, pretrained, note,
    // preprocessing}}
    JsonNode encoders = s.context().path("features");
    List<List<String>> enc = new ArrayList<>();
    boolean random = false;
    for (Map.Entry<String, JsonNode> e : entries(encoders)) {
      JsonNode v = e.getValue();
      boolean pretrained = v.path("pretrained").asBoolean(true);
      random |= !pretrained;
      List<String> pre = new ArrayList<>();
      v.path("preprocessing")
          .properties()
          .forEach(p -> pre.add(p.getKey() + "=" + p.getValue().asText()));
      enc.add(
          List.of(
              e.getKey(),
              ReportLoader.text(v.path("model_id")),
              ReportLoader.text(v.path("dim")),
              pre.isEmpty() ? "—" : String.join(", ", pre),
              !pretrained ? "RANDOM (not pretrained)" : v.path("weights").asText("pretrained"),
              v.path("note").asText("")));
    }
    for (JsonNode n : s.context().path("notes")) {
      random |= n.asText().toLowerCase(Locale.ROOT).contains("random");
    }
    if (enc.isEmpty()) {
      b.add(Doc.Paragraph.of("The sweep did not record its encoders."));
    } else {
      b.add(
          new Doc.Table(
              "Table 2. Frozen feature encoders (features are extracted once and cached)",
              List.of("Modality", "Encoder", "Dim", "Preprocessing / pooling", "Weights", "Note"),
              enc,
              List.of(Align.LEFT, Align.LEFT, Align.RIGHT, Align.LEFT, Align.LEFT, Align.LEFT),
              null));
    }
    if (random) {
      b.add(
          new Doc.Paragraph(
              "An encoder of this sweep has random weights (no pretrained model was"
                  + " installed): its features carry no learned visual or textual knowledge, so the numbers of"
                  + " every head that uses it say little about the real task.",
              Doc.Style.WARNING));
    }
    if (!d.featureSets().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (ReportDao.FeatureSetRow f : d.featureSets()) {
        rows.add(
            List.of(
                f.modality(),
                f.modelId(),
                f.split(),
                String.valueOf(f.rows()),
                String.valueOf(f.dim()),
                f.seconds() == null ? "—" : Fmt.seconds(f.seconds())));
      }
      b.add(
          new Doc.Table(
              "Table 3. Cached feature matrices",
              List.of("Modality", "Encoder", "Split", "Rows", "Dim", "Extraction time"),
              rows,
              List.of(Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT),
              null));
    }

    b.add(new Doc.Heading(2, "1.3 Heads, hyperparameters and seeds"));
    // sweep.spec.params: {"hidden": [128, 256], "lr": {"min": 1e-4, "max": 1e-2, "log": true}}
    JsonNode spec = s.spec();
    List<List<String>> hp = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : entries(spec.path("params"))) {
      JsonNode v = e.getValue();
      hp.add(
          List.of(
              e.getKey(),
              v.isObject()
                  ? v.path("min").asText()
                      + " to "
                      + v.path("max").asText()
                      + (v.path("log").asBoolean() ? " (log scale)" : "")
                  : values(v)));
    }
    if (spec.has("text_recipes")) {
      // a sweep comparing text recipes: each multiplies the configurations of the text models
      hp.add(List.of("text_recipe", values(spec.path("text_recipes")) + " (models that use text)"));
    }
    String search = spec.path("search").asText("grid");
    if (hp.isEmpty()) {
      b.add(Doc.Paragraph.of("Sweep specification: " + spec));
    } else {
      b.add(
          new Doc.Table(
              "Table 4. Hyperparameter space searched ("
                  + (search.equals("random")
                      ? spec.path("samples").asText()
                          + " random draws, seed "
                          + spec.path("search_seed").asText()
                      : "full grid")
                  + ")",
              List.of("Hyperparameter", "Values"),
              hp,
              List.of(Align.LEFT, Align.LEFT),
              "Models: "
                  + values(spec.path("models"))
                  + ". Each configuration is trained once per seed;"
                  + " for each model the configuration with the best mean dev AUROC is reported."));
    }
    List<String> facts = new ArrayList<>();
    facts.add("Seeds: " + values(spec.path("seeds")) + ".");
    if (spec.has("holdout_fraction")) {
      facts.add(
          "Threshold rules: fixed 0.5, and the threshold with the best F1 on a stratified "
              + Fmt.pct(spec.path("holdout_fraction").asDouble())
              + " of train held out (split seed "
              + spec.path("split_seed").asText()
              + "; neither dev nor test).");
    }
    if (spec.path("holdout_test").asDouble(0) > 0) {
      facts.add(
          "Test: "
              + Fmt.pct(spec.path("holdout_test").asDouble())
              + " of train carved out as a labeled"
              + " test split (the dataset's test is unlabeled).");
    }
    if (spec.path("same_memes").asBoolean(false)) {
      facts.add(
          "Memes without an image were dropped for every model, so all models see the same memes.");
    }
    if (spec.path("precision").asText("fp32").equals("bf16")) {
      facts.add(
          "Precision: bf16 mixed precision in the heads' first-layer training matmuls (bfloat16"
              + " inputs and weights, float32 accumulation, float32 weights, loss and scoring).");
    } else {
      facts.add("Precision: float32 throughout.");
    }
    SweepHost host = SweepContext.fromJson(s.context()).host();
    facts.add(
        "Device: "
            + (host != null
                ? host.describe()
                : "not recorded (the sweep was created before memefusion recorded it)")
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
    List<String> notes = new ArrayList<>();
    s.context().path("notes").forEach(n -> notes.add(n.asText()));
    if (!notes.isEmpty()) {
      b.add(new Doc.Heading(3, "Notes the sweep recorded"));
      b.add(new Doc.Bullets(notes));
    }

    b.add(new Doc.Heading(2, "1.4 Time per stage"));
    List<List<String>> time = new ArrayList<>();
    Map<String, Double> extraction = new LinkedHashMap<>();
    d.featureSets()
        .forEach(
            f ->
                extraction.merge(
                    f.modality() + " features (" + f.modelId() + ")",
                    f.seconds() == null ? 0 : f.seconds(),
                    Double::sum));
    extraction.forEach((k, v) -> time.add(List.of("extract " + k, Fmt.seconds(v))));
    d.trialSeconds()
        .forEach(
            (k, v) ->
                time.add(
                    List.of(
                        "trials: "
                            + k.substring(0, k.length() - 2)
                            + " (sum over trials; trials trained together in one graph share time)",
                        Fmt.seconds(v))));
    if (s.startedAt() != null && s.finishedAt() != null) {
      time.add(
          List.of(
              "sweep wall time",
              Fmt.seconds(Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0)));
    }
    if (time.isEmpty()) {
      b.add(Doc.Paragraph.of("The sweep recorded no timings."));
    } else {
      b.add(
          new Doc.Table(
              "Table 5. Time per stage",
              List.of("Stage", "Time"),
              time,
              List.of(Align.LEFT, Align.RIGHT),
              null));
    }
    return b;
  }

  /** Rows of a split used by the sweep (sweep.context.rows), minus memes dropped for images. */
  private static String used(JsonNode context, String split) {
    JsonNode rows = context.path("rows").path(split);
    if (!rows.isNumber()) {
      return "—";
    }
    int dropped = context.path("dropped_missing_image").path(split).asInt(0);
    return rows.asText() + (dropped > 0 ? " (" + dropped + " dropped)" : "");
  }

  /** The fields of an object, or the elements of an array keyed by index. */
  private static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    if (node.isObject()) {
      out.addAll(node.properties());
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(Map.entry(node.get(i).path("modality").asText(String.valueOf(i)), node.get(i)));
      }
    }
    return out.isEmpty() ? Collections.emptyList() : out;
  }

  private static String values(JsonNode node) {
    if (node.isArray()) {
      List<String> v = new ArrayList<>();
      node.forEach(n -> v.add(n.isValueNode() ? n.asText() : n.toString()));
      return String.join(", ", v);
    }
    return ReportLoader.text(node);
  }
}
