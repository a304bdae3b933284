package io.memefusion.features.cache;

import io.memefusion.features.FeatureMatrix;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The feature cache's file format ({@code .mff}), little-endian throughout:
 *
 * <pre>
 * offset  size          field
 * 0       8             magic: ASCII "MEMEFEAT"
 * 8       4   int32     version: 1
 * 12      4   int32     rows
 * 16      4   int32     dim
 * 20      ...           ids: rows times (uint16 byte length, UTF-8 bytes)
 * ...     rows*dim*4    values: float32, row-major [rows, dim]; row i belongs to ids[i]
 * end-4   4   uint32    CRC-32C of every byte before it
 * </pre>
 *
 * Files are written to a temporary file in the same folder and moved into place atomically, so a
 * reader sees either the old file or the complete new one. Reading checks magic, version, sizes and
 * the checksum; numpy reads the values with {@code np.frombuffer(b, '<f4', rows*dim, off)}.
 */
public final class FeatureFile {
  static final byte[] MAGIC = "MEMEFEAT".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;

  private FeatureFile() {}

  /** A matrix read back, with the SHA-256 of the whole file. */
  public record Read(FeatureMatrix matrix, String sha256) {}

  /** The file is not a complete, intact feature file. */
  public static final class DamagedException extends IOException {
    private static final long serialVersionUID = 1L;

    DamagedException(Path file, String why) {
      this(file.toString(), why);
    }

    DamagedException(String where, String why) {
      super(where + ": " + why);
    }
  }

  /** Writes atomically; returns the SHA-256 of the file written. */
  public static String write(Path file, FeatureMatrix m) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    // a sibling temp file (umask permissions, unlike createTempFile's owner-only ones)
    Path tmp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      MessageDigest sha = sha256();
      try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW);
          DigestOutputStream out =
              new DigestOutputStream(new java.io.BufferedOutputStream(raw, 1 << 16), sha)) {
        CRC32C crc = new CRC32C();
        ByteBuffer header = le(20);
        header.put(MAGIC).putInt(VERSION).putInt(m.rows()).putInt(m.dim());
        emit(out, crc, header);
        for (String id : m.ids()) {
          byte[] b = id.getBytes(StandardCharsets.UTF_8);
          if (b.length > 0xFFFF) {
            throw new IllegalArgumentException(
                "meme id longer than 65535 bytes: " + id.substring(0, 40));
          }
          ByteBuffer len = le(2).putShort((short) b.length);
          emit(out, crc, len);
          emit(out, crc, ByteBuffer.wrap(b).position(b.length));
        }
        float[] v = m.values();
        ByteBuffer chunk = le(1 << 16);
        for (int i = 0; i < v.length; i++) {
          if (!chunk.hasRemaining()) {
            emit(out, crc, chunk);
            chunk.clear();
          }
          chunk.putFloat(v[i]);
        }
        emit(out, crc, chunk);
        ByteBuffer trailer = le(4).putInt((int) crc.getValue());
        trailer.flip();
        out.write(trailer.array(), 0, 4);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return HexFormat.of().formatHex(sha.digest());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes bytes already in this format (a copy from the database) atomically. */
  public static void writeBytes(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** SHA-256 of bytes, as hex. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** Reads and checks a file. */
  public static Read read(Path file) throws IOException {
    return read(Files.readAllBytes(file), file.toString());
  }

  /** Checks and parses the bytes of a feature file; {@code file} names them in messages. */
  public static Read read(byte[] bytes, String file) throws DamagedException {
    if (bytes.length < 24) {
      throw new DamagedException(file, "too short (" + bytes.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new DamagedException(file, "not a memefusion feature file (bad magic)");
    }
    int version = b.getInt();
    if (version != VERSION) {
      throw new DamagedException(file, "format version " + version + ", expected " + VERSION);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored =
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (stored != (int) crc.getValue()) {
      throw new DamagedException(file, "checksum mismatch");
    }
    int rows = b.getInt();
    int dim = b.getInt();
    if (rows < 0 || dim <= 0) {
      throw new DamagedException(file, "bad shape " + rows + "x" + dim);
    }
    try {
      List<String> ids = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        int len = Short.toUnsignedInt(b.getShort());
        ids.add(new String(bytes, b.position(), len, StandardCharsets.UTF_8));
        b.position(b.position() + len);
      }
      long expected = (long) rows * dim * 4 + 4;
      if (b.remaining() != expected) {
        throw new DamagedException(
            file, "holds " + b.remaining() + " bytes of values, expected " + expected);
      }
      float[] values = new float[rows * dim];
      b.asFloatBuffer().get(values);
      return new Read(
          new FeatureMatrix(ids, dim, values), HexFormat.of().formatHex(sha256().digest(bytes)));
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new DamagedException(file, "truncated or inconsistent: " + e);
    }
  }

  private static void emit(OutputStream out, CRC32C crc, ByteBuffer filled) throws IOException {
    int n = filled.position();
    crc.update(filled.array(), 0, n);
    out.write(filled.array(), 0, n);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
