package io.memefusion.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Classifies an image file without decoding its pixels, fast enough for 10k files: PNG by walking
 * its chunks (IHDR for the size, IEND for completeness, CRCs of the critical chunks, the inflated
 * length of the pixel data against the size, so a PNG cut inside its pixels and given a new end is
 * caught as the decoder would), JPEG by its markers (SOF for the size, EOI near the end), GIF, BMP
 * and TIFF by their ImageIO reader's header ({@code getWidth/getHeight}). A header claiming more
 * than {@code maxSide} pixels a side or {@code maxPixels} in all is {@link Status#TOO_LARGE} and is
 * never decoded: a decompression bomb would otherwise exhaust the memory of the feature extractor.
 * Files over {@code maxBytes} are {@link Status#TOO_LARGE} by their size alone, and what is not a
 * regular file (a FIFO, a device) is {@link Status#UNREADABLE} without being opened.
 */
public final class ImageCheck {
  public static final int DEFAULT_MAX_SIDE = 16_384;
  public static final long DEFAULT_MAX_PIXELS = 64_000_000L;

  /** 256 MB: an uncompressed 64-megapixel BMP fits; a real meme is a few hundred KB. */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** What is wrong with an image file, if anything. */
  public enum Status {
    OK,
    MISSING,
    TRUNCATED,
    NOT_AN_IMAGE,
    TOO_LARGE,
    UNREADABLE;

    /** For reports: {@code not an image}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** The verdict on one file; width and height are 0 where the header was not reached. */
  public record Result(Status status, int width, int height, String detail) {
    public Result {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }

    public boolean ok() {
      return status == Status.OK;
    }
  }

  private final int maxSide;
  private final long maxPixels;
  private final long maxBytes;
  private final boolean pixelData;

  /** Limits in pixels; the default file size limit; PNG pixel data verified. */
  public ImageCheck(int maxSide, long maxPixels) {
    this(maxSide, maxPixels, DEFAULT_MAX_BYTES, true);
  }

  /**
   * @param maxBytes larger files are {@link Status#TOO_LARGE} and never read: a decoder holds the
   *     whole file in memory
   * @param pixelData also verify PNG chunk CRCs and that the compressed pixel data holds every row
   *     (inflating it costs ~1 ms per 400 px PNG); without, only headers and chunk lengths are read
   */
  public ImageCheck(int maxSide, long maxPixels, long maxBytes, boolean pixelData) {
    if (maxSide < 1 || maxPixels < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "image limits must be positive, got "
              + maxSide
              + " px a side, "
              + maxPixels
              + " px, "
              + maxBytes
              + " bytes");
    }
    this.maxSide = maxSide;
    this.maxPixels = maxPixels;
    this.maxBytes = maxBytes;
    this.pixelData = pixelData;
  }

  /** Limits of 16384 px a side, 64 megapixels and 256 MB a file; PNG pixel data verified. */
  public static ImageCheck defaults() {
    return new ImageCheck(DEFAULT_MAX_SIDE, DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES, true);
  }

  /**
   * The same limits, headers only: for a reader about to decode the pixels anyway (the feature
   * extractor), whose decoder rejects what {@link #defaults()} finds in the pixel data.
   */
  public ImageCheck headersOnly() {
    return new ImageCheck(maxSide, maxPixels, maxBytes, false);
  }

  /** Files larger than this many bytes are not read. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Classifies {@code file}; never throws for a bad file. */
  public Result check(Path file) {
    if (!Files.exists(file)) {
      return new Result(Status.MISSING, 0, 0, "no such file");
    }
    if (Files.isDirectory(file)) {
      return new Result(Status.NOT_AN_IMAGE, 0, 0, "a folder");
    }
    if (!Files.isRegularFile(file)) {
      // opening a FIFO blocks until someone writes to it: never open what is not a file
      return new Result(Status.UNREADABLE, 0, 0, "not a regular file (a FIFO, device or socket)");
    }
    long length;
    try {
      length = Files.size(file);
    } catch (IOException e) {
      return new Result(Status.UNREADABLE, 0, 0, String.valueOf(e.getMessage()));
    }
    if (length > maxBytes) {
      return new Result(
          Status.TOO_LARGE,
          0,
          0,
          String.format(Locale.ROOT, "file of %d MB (limit %d MB)", length >> 20, maxBytes >> 20));
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return new Result(Status.TRUNCATED, 0, 0, "empty file");
      }
      byte[] head = read(ch, 0, (int) Math.min(size, 32));
      if (startsWith(head, PNG)) {
        return new PngCheck(this, pixelData).check(ch, size);
      }
      if (head.length < PNG.length && startsWith(PNG, head)) {
        return new Result(Status.TRUNCATED, 0, 0, "PNG file of " + size + " bytes");
      }
      if (head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) {
        return jpeg(ch, size);
      }
      String ascii = new String(head, StandardCharsets.ISO_8859_1);
      if (ascii.startsWith("GIF8")
          || ascii.startsWith("BM")
          || ascii.startsWith("II*\0")
          || ascii.startsWith("MM\0*")) {
        return viaImageIo(file);
      }
      if (ascii.startsWith("RIFF") && ascii.startsWith("WEBP", 8)) {
        return new Result(Status.UNREADABLE, 0, 0, "WebP, which Java's ImageIO cannot decode");
      }
      return new Result(Status.NOT_AN_IMAGE, 0, 0, describe(ascii, head));
    } catch (NoSuchFileException e) {
      return new Result(Status.MISSING, 0, 0, "no such file");
    } catch (AccessDeniedException e) {
      return new Result(Status.UNREADABLE, 0, 0, "permission denied");
    } catch (IOException e) {
      return new Result(Status.UNREADABLE, 0, 0, String.valueOf(e.getMessage()));
    }
  }

  private static String describe(String ascii, byte[] head) {
    if (ascii.startsWith("version https://git-lfs")) {
      return "a Git LFS pointer, not the image itself";
    }
    if (ascii.stripLeading().startsWith("<")) {
      return "an HTML or XML file (an error page saved as the image?)";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(4, head.length); i++) {
      hex.append(String.format(Locale.ROOT, "%s%02X", i == 0 ? "" : " ", head[i] & 0xff));
    }
    return "not a PNG, JPEG, GIF, BMP or TIFF file (starts with " + hex + ")";
  }

  /** Walks the JPEG markers up to the start of scan; the size is in the SOF segment. */
  private Result jpeg(FileChannel ch, long size) throws IOException {
    long pos = 2;
    int width = 0;
    int height = 0;
    while (true) {
      if (pos + 4 > size) {
        return new Result(Status.TRUNCATED, width, height, "JPEG ends inside its header");
      }
      byte[] marker = read(ch, pos, 4);
      if ((marker[0] & 0xff) != 0xFF) {
        return new Result(Status.UNREADABLE, width, height, "corrupt JPEG marker at byte " + pos);
      }
      int m = marker[1] & 0xff;
      if (m == 0xFF) {
        pos++; // fill byte
        continue;
      }
      if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
        pos += 2; // markers without a length
        continue;
      }
      int length = ((marker[2] & 0xff) << 8) | (marker[3] & 0xff);
      boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
      if (sof) {
        if (pos + 9 > size) {
          return new Result(Status.TRUNCATED, 0, 0, "JPEG ends inside its frame header");
        }
        ByteBuffer frame = ByteBuffer.wrap(read(ch, pos + 5, 4));
        int h = frame.getShort() & 0xffff;
        int w = frame.getShort() & 0xffff;
        Result bad = size(w, h);
        if (bad != null) {
          return bad;
        }
        width = w;
        height = h;
      }
      if (m == 0xDA) { // start of scan: the header is over
        break;
      }
      if (m == 0xD9) {
        return new Result(Status.UNREADABLE, width, height, "JPEG without image data");
      }
      pos += 2 + length;
    }
    if (width == 0 || height == 0) {
      return new Result(Status.UNREADABLE, 0, 0, "JPEG without a frame header");
    }
    // the end-of-image marker closes the file (some writers append a few bytes after it)
    int tail = (int) Math.min(size - pos, 4096);
    byte[] last = read(ch, size - tail, tail);
    for (int i = last.length - 2; i >= 0; i--) {
      if ((last[i] & 0xff) == 0xFF && (last[i + 1] & 0xff) == 0xD9) {
        return new Result(Status.OK, width, height, "JPEG " + width + "x" + height);
      }
    }
    return new Result(
        Status.TRUNCATED, width, height, "JPEG ends at byte " + size + " without its end marker");
  }

  private Result viaImageIo(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return new Result(Status.NOT_AN_IMAGE, 0, 0, "no image reader recognises it");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        Result bad = size(w, h);
        return bad != null
            ? bad
            : new Result(Status.OK, w, h, reader.getFormatName() + " " + w + "x" + h);
      } finally {
        reader.dispose();
      }
    } catch (EOFException e) {
      return new Result(Status.TRUNCATED, 0, 0, "ends inside its header");
    } catch (IOException | RuntimeException e) {
      // ImageIO readers throw runtime exceptions on some corrupt headers
      return new Result(Status.UNREADABLE, 0, 0, "unreadable header: " + e.getMessage());
    }
  }

  /** A result when the claimed size is impossible or too large, else null. */
  Result size(long w, long h) {
    if (w <= 0 || h <= 0) {
      return new Result(Status.UNREADABLE, 0, 0, "header claims a size of " + w + "x" + h);
    }
    if (w > maxSide || h > maxSide || w * h > maxPixels) {
      return new Result(
          Status.TOO_LARGE,
          (int) Math.min(w, Integer.MAX_VALUE),
          (int) Math.min(h, Integer.MAX_VALUE),
          String.format(
              Locale.ROOT,
              "header claims %dx%d pixels (limit %d a side, %.0f megapixels)",
              w,
              h,
              maxSide,
              maxPixels / 1e6));
    }
    return null;
  }

  static byte[] read(FileChannel ch, long pos, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (ch.read(buf, pos + buf.position()) < 0) {
        throw new EOFException();
      }
    }
    return buf.array();
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
