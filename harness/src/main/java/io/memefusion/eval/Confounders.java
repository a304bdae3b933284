package io.memefusion.eval;

import io.memefusion.data.Dataset;
import io.memefusion.data.Meme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Benign confounders, the memes Hateful Memes was built around: memes of one split that share their
 * text (or their image file) but carry different labels. A model that reads only the shared
 * modality cannot get both members of such a group right.
 */
public final class Confounders {
  private Confounders() {}

  /** Text groups first, then image groups; larger groups first, then by key. */
  public static final Comparator<Group> ORDER =
      Comparator.comparing(Group::kind)
          .thenComparingInt((Group g) -> -g.memeIds().size())
          .thenComparing(Group::key);

  /** What the memes of a group share. */
  public enum Kind {
    TEXT,
    IMAGE;

    public String dbName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Memes sharing {@code key} (normalised text, or the image's SHA-256) with mixed labels. */
  public record Group(Kind kind, String key, List<String> memeIds, int positives, int negatives) {
    public Group {
      Objects.requireNonNull(kind, "kind");
      memeIds = List.copyOf(memeIds);
      if (positives < 1 || negatives < 1) {
        throw new IllegalArgumentException(
            "a confounder group needs both labels, got "
                + positives
                + " hateful and "
                + negatives
                + " not for "
                + key);
      }
    }
  }

  /** Image hashes of memes whose file could be read, and how many could not. */
  public record ImageHashes(Map<String, String> byMemeId, int missing) {
    public ImageHashes {
      byMemeId = Map.copyOf(byMemeId);
    }
  }

  /**
   * The confounder groups among labeled {@code memes}: by text, then by image hash where {@code
   * imageHashes} knows the meme. Groups are sorted by size (largest first), then key.
   */
  public static List<Group> find(List<Meme> memes, Map<String, String> imageHashes) {
    List<Group> groups = new ArrayList<>();
    groups.addAll(groupBy(memes, Kind.TEXT, m -> normalizeText(m.text())));
    groups.addAll(groupBy(memes, Kind.IMAGE, m -> imageHashes.get(m.id())));
    return groups;
  }

  /**
   * Text as a reader sees it: case, surrounding and repeated whitespace do not make a caption
   * different.
   */
  public static String normalizeText(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** SHA-256 of each meme's image file; unreadable or missing files are counted, not fatal. */
  public static ImageHashes hashImages(Dataset dataset, List<Meme> memes) {
    Map<String, String> hashes = new LinkedHashMap<>();
    int missing = 0;
    for (Meme m : memes) {
      Path file = dataset.imagePath(m);
      if (!Files.isRegularFile(file)) {
        missing++;
        continue;
      }
      try {
        hashes.put(m.id(), sha256(file));
      } catch (IOException e) {
        missing++;
      }
    }
    return new ImageHashes(hashes, missing);
  }

  private interface KeyOf {
    String key(Meme meme);
  }

  private static List<Group> groupBy(List<Meme> memes, Kind kind, KeyOf keyOf) {
    Map<String, List<Meme>> byKey = new LinkedHashMap<>();
    for (Meme m : memes) {
      String key = m.labeled() ? keyOf.key(m) : null;
      if (key != null && !key.isEmpty()) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
      }
    }
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<Meme>> e : byKey.entrySet()) {
      int pos = (int) e.getValue().stream().filter(m -> m.label() == 1).count();
      int neg = e.getValue().size() - pos;
      if (pos > 0 && neg > 0) {
        groups.add(
            new Group(kind, e.getKey(), e.getValue().stream().map(Meme::id).toList(), pos, neg));
      }
    }
    groups.sort(ORDER);
    return groups;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int r;
      while ((r = in.read(buf)) > 0) {
        md.update(buf, 0, r);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
