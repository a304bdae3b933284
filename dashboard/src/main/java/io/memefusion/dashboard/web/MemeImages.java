package io.memefusion.dashboard.web;

import io.memefusion.UserException;
import io.memefusion.dashboard.store.DashboardDao;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.LayoutOptions;
import io.memefusion.data.Meme;
import io.memefusion.data.Split;
import io.memefusion.sweep.StoredSweep;
import io.memefusion.sweep.SweepContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The memes' pictures, served at {@code /sweeps/ID/memes/MEME_ID} for ids of that sweep's dataset
 * only. No part of the request reaches the file system: the id is looked up in the dataset the
 * sweep was recorded on (loaded with the harness's own loader, which rejects absolute paths, {@code
 * ../} and links out of the folder), and the file is the one that dataset names for it. Only
 * regular files are opened (a FIFO would block the server), only PNG, JPEG, GIF and WebP bytes are
 * served; a meme the sweep scored whose picture is missing or unreadable gets a placeholder.
 */
public final class MemeImages {
  /** Meme ids are short tokens; anything else cannot be one (and is never looked up). */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final long MAX_BYTES = 32L * 1024 * 1024;

  private final DashboardStore store;
  private final Map<Long, Loaded> datasets = new ConcurrentHashMap<>();

  public MemeImages(DashboardStore store) {
    this.store = store;
  }

  /** What to answer: the picture, or a placeholder saying why there is none. */
  public record Image(byte[] bytes, String mediaType, boolean placeholder) {}

  /** A sweep's dataset as loaded: id → meme, and the dataset to resolve image paths. */
  private record Loaded(String hash, Dataset dataset, Map<String, Meme> memes) {}

  /** Empty (404) for an id that is not a meme of the sweep's dataset nor one it scored. */
  public Optional<Image> image(long sweepId, String memeId) {
    if (memeId == null || !ID.matcher(memeId).matches()) {
      return Optional.empty();
    }
    SweepContext context =
        store.read(h -> StoredSweep.find(h, sweepId)).map(StoredSweep::context).orElse(null);
    Optional<Loaded> loaded = dataset(sweepId, context);
    Meme meme = loaded.map(l -> l.memes().get(memeId)).orElse(null);
    if (meme == null) {
      boolean scored = store.read(h -> h.attach(DashboardDao.class).predicted(sweepId, memeId));
      return scored ? Optional.of(placeholder("image not available")) : Optional.empty();
    }
    return Optional.of(read(loaded.get().dataset().imagePath(meme)));
  }

  /**
   * A meme of the sweep's dataset (caption, label), if the dataset can be read; {@code context} is
   * the sweep's stored context, read by the caller on its own (read-only) handle.
   */
  public Optional<Meme> meme(long sweepId, SweepContext context, String memeId) {
    return dataset(sweepId, context).map(l -> l.memes().get(memeId));
  }

  private static Image read(Path file) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException missing) {
      return placeholder("image missing");
    }
    if (!attrs.isRegularFile()) {
      return placeholder("not a regular file");
    }
    if (attrs.size() > MAX_BYTES) {
      return placeholder("image too large");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (IOException e) {
      return placeholder("image unreadable");
    }
    String type = mediaType(bytes);
    return type == null ? placeholder("not an image") : new Image(bytes, type, false);
  }

  /** The raster type the bytes start with; null for anything else (SVG and HTML included). */
  static String mediaType(byte[] b) {
    if (starts(b, 0x89, 'P', 'N', 'G')) {
      return "image/png";
    }
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (b.length >= 12
        && starts(b, 'R', 'I', 'F', 'F')
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  private static boolean starts(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** A grey card naming why there is no picture; our own SVG, no user text in it. */
  static Image placeholder(String why) {
    String svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"160\" viewBox=\"0 0 160"
            + " 160\"><rect width=\"160\" height=\"160\" fill=\"#eef0f4\" stroke=\"#c9ced8\"/>"
            + "<path d=\"M40 112 L70 76 L92 100 L106 86 L124 112 Z\" fill=\"#c9ced8\"/>"
            + "<circle cx=\"108\" cy=\"58\" r=\"10\" fill=\"#c9ced8\"/>"
            + "<text x=\"80\" y=\"140\" font-family=\"sans-serif\" font-size=\"13\""
            + " text-anchor=\"middle\" fill=\"#667085\">"
            + why
            + "</text></svg>";
    return new Image(svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml", true);
  }

  private Optional<Loaded> dataset(long sweepId, SweepContext context) {
    if (context == null || !context.hasDatasetRoot()) {
      return Optional.empty();
    }
    String hash = context.datasetHash();
    Loaded cached = datasets.get(sweepId);
    if (cached != null && cached.hash().equals(hash)) {
      return Optional.of(cached);
    }
    Path root = Path.of(context.datasetRoot());
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    LayoutOptions layout =
        new LayoutOptions(
            context.trainSplit(),
            context.devSplit().isEmpty() ? null : context.devSplit(),
            context.datasetTest() != null ? context.datasetTest() : LayoutOptions.NONE);
    Dataset dataset;
    try {
      dataset = DatasetLoader.load(root, layout);
    } catch (UserException | UncheckedIOException | IllegalArgumentException e) {
      return Optional.empty(); // the folder changed since the sweep: no pictures, no 500
    }
    Map<String, Meme> memes = new HashMap<>();
    for (Split s : dataset.splits()) {
      for (Meme m : s.memes()) {
        memes.putIfAbsent(m.id(), m);
      }
    }
    Loaded loaded = new Loaded(hash, dataset, memes);
    datasets.put(sweepId, loaded);
    return Optional.of(loaded);
  }
}
