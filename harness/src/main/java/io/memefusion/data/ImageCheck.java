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
 * its chunk headers (IHDR for the size, IEND for completeness; CRCs are not checked), JPEG by its
 * markers (SOF for the size, EOI near the end), GIF, BMP and TIFF by their ImageIO reader's header
 * ({@code getWidth/getHeight}). A header claiming more than {@code maxSide} pixels a side or {@code
 * maxPixels} in all is {@link Status#TOO_LARGE} and is never decoded: a decompression bomb would
 * otherwise exhaust the memory of the feature extractor.
 */
public final class ImageCheck {
  public static final int DEFAULT_MAX_SIDE = 16_384;
  public static final long DEFAULT_MAX_PIXELS = 64_000_000L;

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

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

  public ImageCheck(int maxSide, long maxPixels) {
    if (maxSide < 1 || maxPixels < 1) {
      throw new IllegalArgumentException(
          "image limits must be positive, got " + maxSide + " px a side, " + maxPixels + " px");
    }
    this.maxSide = maxSide;
    this.maxPixels = maxPixels;
  }

  /** Limits of 16384 px a side and 64 megapixels. */
  public static ImageCheck defaults() {
    return new ImageCheck(DEFAULT_MAX_SIDE, DEFAULT_MAX_PIXELS);
  }

  /** Classifies {@code file}; never throws for a bad file. */
  public Result check(Path file) {
    if (!Files.exists(file)) {
      return new Result(Status.MISSING, 0, 0, "no such file");
    }
    if (!Files.isRegularFile(file)) {
      return new Result(Status.NOT_AN_IMAGE, 0, 0, "not a regular file");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return new Result(Status.TRUNCATED, 0, 0, "empty file");
      }
      byte[] head = read(ch, 0, (int) Math.min(size, 32));
      if (startsWith(head, PNG)) {
        return png(ch, size);
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

  /** Walks the chunk headers: IHDR first, then length-prefixed chunks up to IEND. */
  private Result png(FileChannel ch, long size) throws IOException {
    long pos = PNG.length;
    int width = 0;
    int height = 0;
    boolean first = true;
    while (true) {
      if (pos + 8 > size) {
        return new Result(
            Status.TRUNCATED, width, height, "PNG ends at byte " + size + " without an IEND chunk");
      }
      ByteBuffer header = ByteBuffer.wrap(read(ch, pos, 8));
      long length = header.getInt() & 0xffffffffL;
      String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
      if (!type.chars().allMatch(Character::isLetter) || length > Integer.MAX_VALUE) {
        return new Result(Status.UNREADABLE, width, height, "corrupt PNG chunk at byte " + pos);
      }
      if (first) {
        if (!type.equals("IHDR") || length != 13) {
          return new Result(Status.UNREADABLE, 0, 0, "PNG without an IHDR header");
        }
        if (pos + 8 + 8 > size) {
          return new Result(Status.TRUNCATED, 0, 0, "PNG ends inside its header");
        }
        ByteBuffer ihdr = ByteBuffer.wrap(read(ch, pos + 8, 8));
        long w = ihdr.getInt() & 0xffffffffL;
        long h = ihdr.getInt() & 0xffffffffL;
        Result bad = size(w, h);
        if (bad != null) {
          return bad;
        }
        width = (int) w;
        height = (int) h;
        first = false;
      }
      long end = pos + 8 + length + 4; // header, data, CRC
      if (end > size) {
        return new Result(
            Status.TRUNCATED,
            width,
            height,
            String.format(
                Locale.ROOT,
                "PNG chunk %s at byte %d needs %d bytes, the file ends after %d",
                type,
                pos,
                end - pos,
                size - pos));
      }
      if (type.equals("IEND")) {
        return new Result(Status.OK, width, height, "PNG " + width + "x" + height);
      }
      pos = end;
    }
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
  private Result size(long w, long h) {
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

  private static byte[] read(FileChannel ch, long pos, int n) throws IOException {
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
