package io.memefusion.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Meme texts read from a split's jsonl file ({@code {"id":..,"img":..,"label":..,"text":..}} per
 * line). The dashboard shows them beside predictions; the database holds ids only.
 */
public final class MemeTexts {
  private final ObjectMapper json = new ObjectMapper();

  /** The texts of {@code ids} found in the file; unreadable lines are skipped. */
  public Map<String, String> lookup(Path jsonl, Set<String> ids) throws IOException {
    Map<String, String> texts = new HashMap<>();
    if (!Files.isRegularFile(jsonl) && Files.exists(jsonl)) {
      // opening a FIFO blocks until a writer comes: the page would never answer
      throw new IOException("not a regular file (a FIFO, device or socket)");
    }
    try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null && texts.size() < ids.size()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode row;
        try {
          row = json.readTree(line);
        } catch (IOException badLine) {
          continue; // the dataset audit reports bad lines; here a missing text is enough
        }
        JsonNode id = row.get("id");
        JsonNode text = row.get("text");
        if (id != null && text != null && ids.contains(id.asText())) {
          texts.put(id.asText(), text.asText());
        }
      }
    }
    return texts;
  }
}
