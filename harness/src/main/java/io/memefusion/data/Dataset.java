package io.memefusion.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded dataset folder: its splits in a fixed order (train, dev, test, extras). Image paths are
 * relative to {@link #root()}.
 */
public record Dataset(String name, Path root, List<Split> splits) {
  public Dataset {
    Objects.requireNonNull(name, "dataset name");
    root = root.toAbsolutePath().normalize();
    splits = List.copyOf(splits);
    if (splits.stream().filter(s -> s.role() == SplitRole.TRAIN).count() != 1) {
      throw new IllegalArgumentException("dataset " + root + " needs exactly one train split");
    }
  }

  public Optional<Split> split(String splitName) {
    return splits.stream().filter(s -> s.name().equals(splitName)).findFirst();
  }

  public Split train() {
    return byRole(SplitRole.TRAIN).get(0);
  }

  /** The split used for model selection, if any. */
  public Optional<Split> dev() {
    return byRole(SplitRole.DEV).stream().findFirst();
  }

  /** The split scored once at the end, if any. */
  public Optional<Split> test() {
    return byRole(SplitRole.TEST).stream().findFirst();
  }

  public List<Split> byRole(SplitRole role) {
    return splits.stream().filter(s -> s.role() == role).toList();
  }

  /** The image file of a meme (already checked to lie inside the dataset folder on load). */
  public Path imagePath(Meme meme) {
    return root.resolve(meme.img()).normalize();
  }

  /** A hash over the split names and file hashes: changes when any split's content changes. */
  public String contentHash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Split s : splits) {
        md.update((s.name() + "=" + s.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
