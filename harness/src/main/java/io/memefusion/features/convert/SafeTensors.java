package io.memefusion.features.convert;

import io.memefusion.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * A read-only view of a {@code .safetensors} file (Hugging Face's weight format): an 8-byte
 * little-endian header length, a JSON header mapping each tensor name to {@code dtype}, {@code
 * shape} and {@code data_offsets} (relative to the end of the header), then the raw little-endian
 * data. Everything in the header is checked when the file is opened — sizes, offsets inside the
 * data, no two tensors overlapping, every dtype known — so a damaged or foreign file fails at once
 * with one line naming the file and the tensor. Tensor data is read on demand, as float32.
 */
public final class SafeTensors implements AutoCloseable {
  /** A header larger than this is not a weights file (real headers are a few hundred KB). */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  /** One tensor's header entry; offsets are absolute positions in the file. */
  public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    public TensorInfo {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    /** The shape as PyTorch prints it, e.g. {@code [64, 3, 7, 7]}. */
    public String shapeText() {
      return Arrays.toString(shape);
    }
  }

  /** The element types of the format, with their sizes in bytes. */
  public enum DType {
    BOOL(1),
    U8(1),
    I8(1),
    F8_E5M2(1),
    F8_E4M3(1),
    I16(2),
    U16(2),
    F16(2),
    BF16(2),
    I32(4),
    U32(4),
    F32(4),
    F64(8),
    I64(8),
    U64(8);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    public int bytes() {
      return bytes;
    }

    /** True for the types {@link SafeTensors#floats} converts: F32, F16, BF16 and F64. */
    public boolean isFloat() {
      return this == F32 || this == F16 || this == BF16 || this == F64;
    }
  }

  private SafeTensors(
      Path file,
      FileChannel channel,
      long dataStart,
      Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens and checks a file. Throws {@link UserException} with one line naming the file (and the
   * tensor) when the header is truncated, oversized, not JSON, names an unknown dtype, or gives
   * offsets outside the data, overlapping, or not matching the shape.
   */
  public static SafeTensors open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserException(file + ": not a file");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UserException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return read(file, channel);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static SafeTensors read(Path file, FileChannel channel) {
    SafeTensorsHeader h = SafeTensorsHeader.parse(file, channel);
    return new SafeTensors(file, channel, h.dataStart(), h.tensors(), h.metadata());
  }

  /** The file this view reads. */
  public Path file() {
    return file;
  }

  /** Every tensor, in header order. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** The optional {@code __metadata__} strings (e.g. {@code format: pt}). */
  public Map<String, String> metadata() {
    return metadata;
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** The header entry of a tensor; fails naming the tensor when the file lacks it. */
  public TensorInfo info(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw bad(file, "tensor " + name + " is missing");
    }
    return info;
  }

  /**
   * A tensor's values as float32, row-major, after checking its shape; fails with one line naming
   * the tensor with the expected and found shape.
   */
  public float[] floats(String name, long... expectedShape) {
    TensorInfo info = info(name);
    if (!Arrays.equals(info.shape, expectedShape)) {
      throw bad(
          file,
          "tensor "
              + name
              + " has shape "
              + info.shapeText()
              + ", expected "
              + Arrays.toString(expectedShape));
    }
    return floats(info);
  }

  /** A tensor's values as float32, whatever its shape. */
  public float[] floats(String name) {
    return floats(info(name));
  }

  private float[] floats(TensorInfo info) {
    if (!info.dtype().isFloat()) {
      throw bad(file, "tensor " + info.name() + " is " + info.dtype() + ", not a float type");
    }
    if (info.elements() > Integer.MAX_VALUE - 8) {
      throw bad(file, "tensor " + info.name() + " is too large to read into one array");
    }
    int n = (int) info.elements();
    ByteBuffer bytes =
        readFully(file, channel, info.begin(), (int) (info.end() - info.begin()))
            .order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[n];
    switch (info.dtype()) {
      case F32 -> bytes.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) bytes.getDouble(i * 8);
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((bytes.getShort(i * 2) & 0xffff) << 16);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(bytes.getShort(i * 2));
        }
      }
      default -> throw new IllegalStateException("not a float type: " + info.dtype());
    }
    return out;
  }

  /** IEEE 754 binary16 to float32, subnormals, infinities and NaN included. */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f;
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try {
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, position + buffer.position());
        if (read < 0) {
          throw bad(file, "truncated while reading at byte " + (position + buffer.position()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    return buffer.flip();
  }

  static long size(Path file, FileChannel channel) {
    try {
      return channel.size();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  static UserException bad(Path file, String what) {
    return new UserException(file + ": " + what);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing with a clearer message
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Data start offset in the file (tests use it to damage files precisely). */
  long dataStart() {
    return dataStart;
  }
}
