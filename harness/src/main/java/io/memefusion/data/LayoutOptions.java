package io.memefusion.data;

import java.util.Locale;

/**
 * Which split files of a data folder play train, dev and test. Names are file names without {@code
 * .jsonl} ({@code dev_seen}); {@code null} means "detect": dev = {@code dev_seen}, else {@code
 * dev}; test = {@code test_seen}, else {@code test}. {@link #NONE} leaves a role empty.
 */
public record LayoutOptions(String train, String dev, String test) {
  /** Leaves the dev or test role empty even when a matching file exists. */
  public static final String NONE = "none";

  public LayoutOptions {
    train = normalize(train, "train");
    dev = normalize(dev, "dev");
    test = normalize(test, "test");
    if (train == null) {
      train = "train";
    }
    if (NONE.equals(train)) {
      throw new IllegalArgumentException("the train split cannot be 'none'");
    }
  }

  /** train.jsonl, the detected dev and test splits. */
  public static LayoutOptions defaults() {
    return new LayoutOptions(null, null, null);
  }

  private static String normalize(String name, String role) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = name.strip();
    if (n.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
      n = n.substring(0, n.length() - ".jsonl".length());
    }
    if (n.isEmpty() || n.contains("/") || n.contains("\\") || n.startsWith(".")) {
      throw new IllegalArgumentException(
          role + " split must be a file name in the data folder (like dev_seen), got: " + name);
    }
    return n.equalsIgnoreCase(NONE) ? NONE : n;
  }
}
