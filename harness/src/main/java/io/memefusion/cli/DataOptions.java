package io.memefusion.cli;

import io.memefusion.config.Home;
import io.memefusion.data.LayoutOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR} and the split choice {@code --train/--dev/--test NAME}, shared by every
 * command that reads a dataset. Without {@code --data}: {@code <home>/data/hateful_memes}, where
 * {@code data fetch} puts it.
 */
public final class DataOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset folder (default: <home>/data/hateful_memes).")
  Path data;

  @Option(
      names = "--train",
      paramLabel = "NAME",
      description = "Train split file name without .jsonl (default: train).")
  String train;

  @Option(
      names = "--dev",
      paramLabel = "NAME",
      description = "Dev split (default: dev_seen, else dev; 'none' for no dev split).")
  String dev;

  @Option(
      names = "--test",
      paramLabel = "NAME",
      description = "Test split (default: test_seen, else test; 'none' for no test split).")
  String test;

  /** The dataset folder: {@code --data}, else the fetched dataset in {@code home}. */
  public Path dir(Home home) {
    return data != null ? data : home.data().resolve("hateful_memes");
  }

  public LayoutOptions layout() {
    try {
      return new LayoutOptions(train, dev, test);
    } catch (IllegalArgumentException e) {
      throw new io.memefusion.UserException(e.getMessage());
    }
  }
}
