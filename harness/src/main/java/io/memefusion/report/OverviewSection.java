package io.memefusion.report;

import io.memefusion.db.DatasetDao;
import io.memefusion.db.FeatureSetRow;
import io.memefusion.db.SweepRow;
import io.memefusion.report.Doc.Align;
import io.memefusion.report.Doc.Block;
import io.memefusion.results.Fmt;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepEncoder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
    b.add(summary(d.sweep().row()));
    b.addAll(data(d));
    b.addAll(encoders(d));
    b.addAll(HeadsOverview.blocks(d));
    b.addAll(time(d));
    return b;
  }

  private static Block summary(SweepRow s) {
    String when =
        s.startedAt() == null
            ? "not started"
            : "ran "
                + when(s.startedAt())
                + (s.finishedAt() == null
                    ? ""
                    : " to "
                        + when(s.finishedAt())
                        + " ("
                        + Fmt.seconds(
                            Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0)
                        + " wall time)");
    return Doc.Paragraph.of(
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
            + " of a text MLP's and an image MLP's logits, trained jointly).");
  }

  /** Timestamps as PostgreSQL hands them to JDBC: in UTC. */
  private static String when(Instant t) {
    return t.atOffset(ZoneOffset.UTC).format(WHEN);
  }

  private static List<Block> data(ReportData d) {
    List<Block> b = new ArrayList<>();
    SweepContext context = d.sweep().context();
    b.add(new Doc.Heading(2, "1.1 Data"));
    if (d.dataset().isPresent()) {
      DatasetDao.DatasetRow ds = d.dataset().get();
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
    } else if (context.hasDatasetRoot()) {
      b.add(
          Doc.Paragraph.of(
              "Dataset \""
                  + context.datasetName()
                  + "\" in "
                  + context.datasetRoot()
                  + ". One JSON-lines file per split (id, img, label, text); image paths are relative to the"
                  + " dataset folder."));
    } else {
      b.add(Doc.Paragraph.of("The sweep did not record its dataset."));
    }
    if (!d.datasetSplits().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      int missing = 0;
      for (DatasetDao.SplitRow r : d.datasetSplits()) {
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
                used(context, r.split())));
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
    return b;
  }

  private static List<Block> encoders(ReportData d) {
    List<Block> b = new ArrayList<>();
    SweepContext context = d.sweep().context();
    b.add(new Doc.Heading(2, "1.2 Encoders"));
    List<List<String>> enc = new ArrayList<>();
    boolean random = false;
    for (SweepEncoder e : context.encoders()) {
      random |= !e.pretrained();
      List<String> pre = new ArrayList<>();
      e.preprocessing().forEach((k, v) -> pre.add(k + "=" + v));
      enc.add(
          List.of(
              e.modality(),
              e.modelId() == null ? "—" : e.modelId(),
              e.dim() == null ? "—" : String.valueOf(e.dim()),
              pre.isEmpty() ? "—" : String.join(", ", pre),
              !e.pretrained() ? "RANDOM (not pretrained)" : e.weights(),
              e.note()));
    }
    for (String n : context.notes()) {
      random |= n.toLowerCase(Locale.ROOT).contains("random");
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
      for (FeatureSetRow f : d.featureSets()) {
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

    return b;
  }

  private static List<Block> time(ReportData d) {
    List<Block> b = new ArrayList<>();
    SweepRow s = d.sweep().row();
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
  private static String used(SweepContext context, String split) {
    Integer rows = context.rows().get(split);
    if (rows == null) {
      return "—";
    }
    int dropped = context.dropped().getOrDefault(split, 0);
    return rows + (dropped > 0 ? " (" + dropped + " dropped)" : "");
  }
}
