package io.memefusion.data;

import java.util.List;
import java.util.Objects;

/**
 * What loading kept but the user should know: counted warnings such as memes with empty text or ids
 * shared between train and test. Fatal problems never get here; they are {@code UserException}s.
 */
public record LoadReport(List<Warning> warnings) {
  public LoadReport {
    warnings = List.copyOf(warnings);
  }

  /** One kind of counted problem in one file (or pair of files), with the first ids it concerns. */
  public record Warning(String file, String what, int count, List<String> firstIds) {
    public Warning {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(what, "what");
      if (count <= 0) {
        throw new IllegalArgumentException("a warning counts at least one meme, got " + count);
      }
      firstIds = List.copyOf(firstIds);
    }

    /** E.g. {@code train.jsonl: 2 memes with empty text (ids 01234, 56789)}. */
    public String line() {
      return file
          + ": "
          + count
          + " "
          + what
          + (firstIds.isEmpty()
              ? ""
              : " (ids "
                  + String.join(", ", firstIds)
                  + (count > firstIds.size() ? ", ..." : "")
                  + ")");
    }
  }

  public boolean isEmpty() {
    return warnings.isEmpty();
  }
}
