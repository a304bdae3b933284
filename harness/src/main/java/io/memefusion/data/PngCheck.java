package io.memefusion.data;

import io.memefusion.data.ImageCheck.Result;
import io.memefusion.data.ImageCheck.Status;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** {@link ImageCheck}'s PNG reader: the chunks, their CRCs and the size of the pixel data. */
final class PngCheck {
  private final ImageCheck limits;
  private final boolean pixelData;

  PngCheck(ImageCheck limits, boolean pixelData) {
    this.limits = limits;
    this.pixelData = pixelData;
  }

  /**
   * Walks the chunks: IHDR first, then length-prefixed chunks up to IEND. With {@code pixelData},
   * also checks the CRC of each critical chunk (IHDR, PLTE, IDAT, IEND: a decoder rejects a
   * mismatch; an ancillary chunk with a bad CRC is dropped by decoders, so it is not held against
   * the file) and inflates the IDAT stream to see it holds every row the header promises.
   */
  Result check(FileChannel ch, long size) throws IOException {
    PixelData pixels = pixelData ? new PixelData() : null;
    try {
      return new ChunkWalk(ch, size, pixels).run();
    } finally {
      if (pixels != null) {
        pixels.inflater.end();
      }
    }
  }

  /** One walk over a file's chunks, with what its IHDR promised (all 0 before it is read). */
  private final class ChunkWalk {
    private final FileChannel ch;
    private final long size;
    private final PixelData pixels; // null: no CRC or pixel data checks
    private int width;
    private int height;
    private long expected; // bytes of filtered scanlines the header promises

    ChunkWalk(FileChannel ch, long size, PixelData pixels) {
      this.ch = ch;
      this.size = size;
      this.pixels = pixels;
    }

    /** Chunk by chunk from the signature to IEND: the verdict. */
    Result run() throws IOException {
      long pos = ImageCheck.PNG.length;
      boolean first = true;
      while (true) {
        if (pos + 8 > size) {
          return new Result(
              Status.TRUNCATED,
              width,
              height,
              "PNG ends at byte " + size + " without an IEND chunk");
        }
        ByteBuffer header = ByteBuffer.wrap(ImageCheck.read(ch, pos, 8));
        long length = header.getInt() & 0xffffffffL;
        String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
        if (!type.chars().allMatch(Character::isLetter) || length > Integer.MAX_VALUE) {
          return new Result(Status.UNREADABLE, width, height, "corrupt PNG chunk at byte " + pos);
        }
        if (first) {
          Result bad = readHeader(pos, type, length);
          if (bad != null) {
            return bad;
          }
          first = false;
        }
        long end = pos + 8 + length + 4; // header, data, CRC
        Result done = chunk(pos, type, length, end);
        if (done != null) {
          return done;
        }
        pos = end;
      }
    }

    /** The IHDR chunk at {@code pos}: sets width, height and expected; a problem, or null. */
    private Result readHeader(long pos, String type, long length) throws IOException {
      if (!type.equals("IHDR") || length != 13) {
        return new Result(Status.UNREADABLE, 0, 0, "PNG without an IHDR header");
      }
      if (pos + 8 + 13 > size) {
        return new Result(Status.TRUNCATED, 0, 0, "PNG ends inside its header");
      }
      ByteBuffer ihdr = ByteBuffer.wrap(ImageCheck.read(ch, pos + 8, 13));
      long w = ihdr.getInt() & 0xffffffffL;
      long h = ihdr.getInt() & 0xffffffffL;
      Result bad = limits.size(w, h);
      if (bad != null) {
        return bad;
      }
      width = (int) w;
      height = (int) h;
      expected = scanlineBytes(width, height, ihdr.get(), ihdr.get(), ihdr.get(12));
      if (expected < 0) {
        return new Result(
            Status.UNREADABLE, width, height, "PNG header with an invalid pixel format");
      }
      return null;
    }

    /**
     * The chunk from {@code pos} to {@code end}: its size, its CRC and pixel data if critical; the
     * verdict at IEND or on a problem, else null (go on).
     */
    private Result chunk(long pos, String type, long length, long end) throws IOException {
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
      boolean critical = Character.isUpperCase(type.charAt(0));
      if (pixels != null && critical) {
        String problem = pixels.chunk(ch, pos, (int) length, type.equals("IDAT"));
        if (problem != null) {
          return new Result(Status.UNREADABLE, width, height, problem);
        }
      }
      return type.equals("IEND") ? end() : null;
    }

    /** At IEND: OK unless the pixel data held fewer bytes than the header promised. */
    private Result end() {
      if (pixels != null && pixels.inflated < expected) {
        return new Result(
            Status.TRUNCATED,
            width,
            height,
            String.format(
                Locale.ROOT,
                "PNG pixel data ends after %d of the %d bytes its %dx%d header needs",
                pixels.inflated,
                expected,
                width,
                height));
      }
      return new Result(Status.OK, width, height, "PNG " + width + "x" + height);
    }
  }

  /**
   * Bytes of the filtered scanlines (a filter byte per row) of an image, both for plain and Adam7
   * interlaced images; -1 for a colour type or bit depth PNG does not allow.
   */
  static long scanlineBytes(int width, int height, int bitDepth, int colorType, int interlace) {
    int channels;
    switch (colorType) {
      case 0 -> channels = 1;
      case 2 -> channels = 3;
      case 3 -> channels = 1;
      case 4 -> channels = 2;
      case 6 -> channels = 4;
      default -> {
        return -1;
      }
    }
    if (bitDepth != 1 && bitDepth != 2 && bitDepth != 4 && bitDepth != 8 && bitDepth != 16) {
      return -1;
    }
    long bits = (long) channels * bitDepth;
    if (interlace == 0) {
      return height * (1 + (width * bits + 7) / 8);
    }
    if (interlace != 1) {
      return -1;
    }
    // Adam7: x0, y0, dx, dy of the 7 passes
    int[][] passes = {
      {0, 0, 8, 8},
      {4, 0, 8, 8},
      {0, 4, 4, 8},
      {2, 0, 4, 4},
      {0, 2, 2, 4},
      {1, 0, 2, 2},
      {0, 1, 1, 2}
    };
    long total = 0;
    for (int[] p : passes) {
      long w = width > p[0] ? (width - p[0] + p[2] - 1L) / p[2] : 0;
      long h = height > p[1] ? (height - p[1] + p[3] - 1L) / p[3] : 0;
      if (w > 0 && h > 0) {
        total += h * (1 + (w * bits + 7) / 8);
      }
    }
    return total;
  }

  /** The CRCs of the critical chunks and the inflated length of the IDAT stream. */
  private static final class PixelData {
    final Inflater inflater = new Inflater();
    final byte[] in = new byte[1 << 16];
    final byte[] out = new byte[1 << 16];
    long inflated;

    /** Reads one chunk's type and data; the problem with it, or null. */
    String chunk(FileChannel ch, long pos, int length, boolean idat) throws IOException {
      CRC32 crc = new CRC32();
      crc.update(ImageCheck.read(ch, pos + 4, 4));
      long at = pos + 8;
      long left = length;
      String corrupt = null; // reported after the CRC, which names the cause better
      while (left > 0) {
        int n = (int) Math.min(left, in.length);
        ByteBuffer buf = ByteBuffer.wrap(in, 0, n);
        while (buf.hasRemaining()) {
          if (ch.read(buf, at + buf.position()) < 0) {
            throw new EOFException();
          }
        }
        crc.update(in, 0, n);
        if (idat && corrupt == null && !inflater.finished()) {
          inflater.setInput(in, 0, n);
          try {
            while (!inflater.needsInput() && !inflater.finished()) {
              int got = inflater.inflate(out);
              inflated += got;
              if (got == 0 && inflater.needsDictionary()) {
                corrupt = "corrupt PNG pixel data (needs a preset dictionary)";
                break;
              }
            }
          } catch (DataFormatException e) {
            corrupt = "corrupt PNG pixel data in chunk IDAT at byte " + pos + ": " + e.getMessage();
          }
        }
        at += n;
        left -= n;
      }
      long stored =
          ByteBuffer.wrap(ImageCheck.read(ch, pos + 8 + length, 4)).getInt() & 0xffffffffL;
      if (stored != crc.getValue()) {
        return "PNG chunk "
            + new String(ImageCheck.read(ch, pos + 4, 4), StandardCharsets.ISO_8859_1)
            + " at byte "
            + pos
            + " fails its CRC check (damaged data)";
      }
      return corrupt;
    }
  }
}
