package io.memefusion.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.analysis.SweepAnalysisResult.SplitSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the analysis tables do not hold, kept as the JSON of the analysis run: split sizes, the
 * trials of each model's chosen configuration, notes, and images missing per split.
 */
record AnalysisRunNotes(
    List<SplitSummary> splits,
    Map<String, List<Long>> chosen,
    List<String> notes,
    Map<String, Integer> missingImages) {
  AnalysisRunNotes {
    splits = List.copyOf(splits);
    chosen = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chosen));
    notes = List.copyOf(notes);
    missingImages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(missingImages));
  }

  static AnalysisRunNotes of(SweepAnalysisResult r) {
    Map<String, Integer> missing = new LinkedHashMap<>();
    r.confounderGroups().forEach(g -> missing.put(g.split(), g.missingImages()));
    return new AnalysisRunNotes(r.splits(), r.chosenTrials(), r.notes(), missing);
  }

  JsonNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode splitArray = root.putArray("splits");
    for (SplitSummary s : splits) {
      splitArray
          .addObject()
          .put("name", s.name())
          .put("memes", s.memes())
          .put("positives", s.positives())
          .put("labeled", s.labeled());
    }
    ObjectNode trials = root.putObject("trials");
    chosen.forEach(
        (model, ids) -> {
          ArrayNode a = trials.putArray(model);
          ids.forEach(a::add);
        });
    ArrayNode noteArray = root.putArray("notes");
    notes.forEach(noteArray::add);
    ObjectNode missing = root.putObject("missing_images");
    missingImages.forEach(missing::put);
    return root;
  }

  static AnalysisRunNotes read(JsonNode json) {
    List<SplitSummary> splits = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Integer> missingImages = new LinkedHashMap<>();
    Map<String, List<Long>> chosen = new LinkedHashMap<>();
    json.path("trials")
        .properties()
        .forEach(
            e -> {
              List<Long> ids = new ArrayList<>();
              e.getValue().forEach(n -> ids.add(n.asLong()));
              chosen.put(e.getKey(), ids);
            });
    json.path("splits")
        .forEach(
            n ->
                splits.add(
                    new SplitSummary(
                        n.path("name").asText(),
                        n.path("memes").asInt(),
                        n.path("positives").asInt(),
                        n.path("labeled").asBoolean())));
    json.path("notes").forEach(n -> notes.add(n.asText()));
    json.path("missing_images")
        .properties()
        .forEach(e -> missingImages.put(e.getKey(), e.getValue().asInt()));
    return new AnalysisRunNotes(splits, chosen, notes, missingImages);
  }
}
