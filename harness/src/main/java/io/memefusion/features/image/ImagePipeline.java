package io.memefusion.features.image;

import io.memefusion.data.ImageCheck;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.SkippedImage;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Streams images through an encoder: worker threads read and decode the next images while the model
 * runs on the current batch. At most two batches of decoded images are held at once, so memory
 * stays bounded however large the split is. Images that are missing or cannot be decoded are left
 * out and reported, as are those the audit ({@link ImageCheck}) finds bad by their headers: no file
 * that is not a regular file, or larger than the limit, or claims too many pixels, is read.
 */
public final class ImagePipeline {
  private static final ImageCheck CHECK = ImageCheck.defaults().headersOnly();

  private ImagePipeline() {}

  /** One image to encode: the meme id and the file. */
  public record Item(String id, String image, Path path) {
    public Item {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(path, "path of " + id);
    }
  }

  /** Features of the readable images, in input order, and the skipped ones. */
  public record Output(FeatureMatrix features, List<SkippedImage> skipped) {}

  /** One decoded image or the reason it has none. */
  private record Decoded(Item item, float[] pixels, SkippedImage skipped) {}

  /**
   * Encodes {@code items} in batches of {@code batchSize}, decoding with {@code threads} threads
   * (0: decode in this thread, one image after the other — the naive way). If no image is readable
   * the matrix has zero rows.
   */
  public static Output run(
      List<Item> items, ImageEncoder encoder, int batchSize, int threads, Progress progress) {
    ImagePreprocessing pre = encoder.preprocessing();
    int dim = encoder.info().dim();
    int per = pre.valuesPerImage();
    List<String> ids = new ArrayList<>(items.size());
    float[] features = new float[items.size() * dim];
    List<SkippedImage> skipped = new ArrayList<>();
    float[] batch = new float[batchSize * per];
    List<String> batchIds = new ArrayList<>(batchSize);
    ExecutorService pool = threads > 0 ? Executors.newFixedThreadPool(threads, daemon()) : null;
    try (ImageDecoder decoder = new ImageDecoder(pre, Math.max(1, threads))) {
      Deque<CompletableFuture<Decoded>> window = new ArrayDeque<>();
      int next = 0;
      int ahead = threads > 0 ? 2 * batchSize : 1;
      while (next < items.size() || !window.isEmpty()) {
        while (next < items.size() && window.size() < ahead) {
          Item item = items.get(next++);
          window.add(
              pool == null
                  ? CompletableFuture.completedFuture(decode(decoder, item, per))
                  : CompletableFuture.supplyAsync(() -> decode(decoder, item, per), pool));
        }
        Decoded d = join(window.poll());
        if (d.skipped() != null) {
          skipped.add(d.skipped());
          progress.advance(1);
        } else {
          System.arraycopy(d.pixels(), 0, batch, batchIds.size() * per, per);
          batchIds.add(d.item().id());
        }
        if (batchIds.size() == batchSize || (next == items.size() && window.isEmpty())) {
          encode(encoder, batch, batchIds, features, ids, dim, per);
          progress.advance(batchIds.size());
          batchIds.clear();
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    return new Output(
        ids.isEmpty()
            ? new FeatureMatrix(List.of(), dim, new float[0])
            : new FeatureMatrix(ids, dim, Arrays.copyOf(features, ids.size() * dim)),
        skipped);
  }

  private static void encode(
      ImageEncoder encoder,
      float[] batch,
      List<String> batchIds,
      float[] features,
      List<String> ids,
      int dim,
      int per) {
    int n = batchIds.size();
    if (n == 0) {
      return;
    }
    float[] input = n * per == batch.length ? batch : Arrays.copyOf(batch, n * per);
    float[] out = encoder.encode(input, n);
    System.arraycopy(out, 0, features, ids.size() * dim, n * dim);
    ids.addAll(batchIds);
  }

  private static Decoded decode(ImageDecoder decoder, Item item, int per) {
    // the audit's verdict on the file, before reading it: a FIFO would block the read forever and
    // a huge (or sparse) file exhaust the heap; TF's decoder then rejects bad pixel data
    ImageCheck.Result check = CHECK.check(item.path());
    if (check.status() == ImageCheck.Status.MISSING) {
      return skip(item, SkippedImage.Reason.MISSING, check.detail());
    }
    if (!check.ok()) {
      return skip(
          item, SkippedImage.Reason.UNREADABLE, check.status().label() + ": " + check.detail());
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(item.path())) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, CHECK.maxBytes() + 1));
    } catch (NoSuchFileException e) {
      return skip(item, SkippedImage.Reason.MISSING, "no such file");
    } catch (IOException e) {
      return skip(item, SkippedImage.Reason.UNREADABLE, e.toString());
    }
    if (bytes.length > CHECK.maxBytes()) { // it grew since it was checked
      return skip(
          item, SkippedImage.Reason.UNREADABLE, "too large: over " + CHECK.maxBytes() + " bytes");
    }
    float[] pixels = new float[per];
    try {
      decoder.decode(bytes, pixels, 0);
      return new Decoded(item, pixels, null);
    } catch (ImageDecoder.UnreadableImageException e) {
      return skip(item, SkippedImage.Reason.UNREADABLE, e.getMessage());
    }
  }

  private static Decoded skip(Item item, SkippedImage.Reason reason, String detail) {
    return new Decoded(item, null, new SkippedImage(item.id(), item.image(), reason, detail));
  }

  private static Decoded join(CompletableFuture<Decoded> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding images", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("image decoding failed", e.getCause());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "image-decoder");
      t.setDaemon(true);
      return t;
    };
  }
}
