package io.memefusion.features.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code .safetensors} files for tests, the way Hugging Face's library lays them out: the
 * JSON header (padded with spaces to 8 bytes), then each tensor's little-endian data in order. Test
 * fixture only: the harness reads this format, it never writes it.
 */
public final class SafeTensorsWriter {
  private record Entry(SafeTensors.DType dtype, long[] shape, byte[] data) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Adds a float32 tensor. */
  public SafeTensorsWriter f32(String name, float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return raw(name, SafeTensors.DType.F32, b.array(), shape);
  }

  /** Adds a bfloat16 tensor (each value truncated to its upper 16 bits, as torch rounds ties). */
  public SafeTensorsWriter bf16(String name, float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      int bits = Float.floatToRawIntBits(v);
      int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
      b.putShort((short) rounded);
    }
    return raw(name, SafeTensors.DType.BF16, b.array(), shape);
  }

  /** Adds a float16 tensor from raw half-precision bit patterns. */
  public SafeTensorsWriter f16Bits(String name, short[] bits, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : bits) {
      b.putShort(s);
    }
    return raw(name, SafeTensors.DType.F16, b.array(), shape);
  }

  /** Adds a tensor of any dtype from its raw little-endian bytes. */
  public SafeTensorsWriter raw(String name, SafeTensors.DType dtype, byte[] data, long... shape) {
    entries.put(name, new Entry(dtype, shape.clone(), data.clone()));
    return this;
  }

  /** The header JSON this writer would write (tests edit it to make damaged files). */
  public ObjectNode header() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", e.getValue().dtype().name());
      ArrayNode shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      t.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
      offset += e.getValue().data().length;
    }
    return header;
  }

  /** The concatenated tensor data. */
  public byte[] data() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entries.values().forEach(e -> out.writeBytes(e.data()));
    return out.toByteArray();
  }

  /** Writes the file. */
  public Path write(Path file) throws IOException {
    return write(file, header().toString(), data());
  }

  /** Writes a file with the given header text and data (for damaged files). */
  public static Path write(Path file, String headerJson, byte[] data) throws IOException {
    StringBuilder header = new StringBuilder(headerJson);
    while (header.length() % 8 != 0) {
      header.append(' ');
    }
    byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(h.length).put(h).put(data);
    Files.write(file, out.array());
    return file;
  }
}
