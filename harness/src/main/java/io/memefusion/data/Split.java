package io.memefusion.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** One jsonl split as loaded: its name ({@code dev_seen}), role, file, content hash and memes. */
public record Split(String name, SplitRole role, Path file, String sha256, List<Meme> memes) {
  public Split {
    Objects.requireNonNull(name, "split name");
    Objects.requireNonNull(role, "role of split " + name);
    Objects.requireNonNull(file, "file of split " + name);
    Objects.requireNonNull(sha256, "sha256 of split " + name);
    memes = List.copyOf(memes);
  }

  /** True when every meme has a label; a split without labels gets predictions only. */
  public boolean labeled() {
    return !memes.isEmpty() && memes.stream().allMatch(Meme::labeled);
  }

  public int positives() {
    return (int) memes.stream().filter(m -> m.label() != null && m.label() == 1).count();
  }
}
