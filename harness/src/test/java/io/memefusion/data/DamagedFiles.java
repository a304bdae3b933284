package io.memefusion.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Image files damaged the ways a hostile or unlucky user's are, for the audit and the embedder. */
public final class DamagedFiles {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private DamagedFiles() {}

  /**
   * {@code png} with its pixel data cut to {@code keep} of the rows' bytes and re-compressed into a
   * well-formed PNG: valid chunk lengths and CRCs, an IEND, a header promising the full size.
   */
  public static byte[] truncatedPixels(byte[] png, double keep) throws Exception {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] ihdr = null;
    int pos = SIGNATURE.length;
    while (pos < png.length) {
      int length = ByteBuffer.wrap(png, pos, 4).getInt();
      String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("IHDR")) {
        ihdr = Arrays.copyOfRange(png, pos + 8, pos + 8 + length);
      } else if (type.equals("IDAT")) {
        idat.write(png, pos + 8, length);
      }
      pos += 12 + length;
    }
    Inflater inflater = new Inflater();
    inflater.setInput(idat.toByteArray());
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    while (!inflater.finished()) {
      raw.write(buf, 0, inflater.inflate(buf));
    }
    inflater.end();
    byte[] rows = raw.toByteArray();
    Deflater deflater = new Deflater();
    deflater.setInput(Arrays.copyOf(rows, (int) (rows.length * keep)));
    deflater.finish();
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    while (!deflater.finished()) {
      z.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(SIGNATURE);
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** {@code png} with one byte of its first IDAT chunk's data flipped (its CRC now fails). */
  public static byte[] flippedPixelByte(byte[] png) {
    byte[] copy = png.clone();
    int pos = SIGNATURE.length;
    while (pos < copy.length) {
      int length = ByteBuffer.wrap(copy, pos, 4).getInt();
      if (new String(copy, pos + 4, 4, StandardCharsets.ISO_8859_1).equals("IDAT")) {
        copy[pos + 8 + length / 2] ^= 0x5A;
        return copy;
      }
      pos += 12 + length;
    }
    throw new IllegalArgumentException("no IDAT chunk");
  }

  /** A named pipe: opening it for reading blocks until a writer comes. */
  public static Path fifo(Path file) throws Exception {
    Files.deleteIfExists(file);
    Process mk = new ProcessBuilder("mkfifo", file.toString()).start();
    if (mk.waitFor() != 0) {
      throw new IllegalStateException("mkfifo failed for " + file);
    }
    return file;
  }

  /** A sparse file of {@code bytes} that starts with a PNG signature: no disk used. */
  public static Path sparsePng(Path file, long bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(SIGNATURE);
      f.setLength(bytes);
    }
    return file;
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(t);
    out.write(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
