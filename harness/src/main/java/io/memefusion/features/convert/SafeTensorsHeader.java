package io.memefusion.features.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked header of a {@link SafeTensors} file: where the data starts, every tensor's entry
 * (dtype known, shape matching its byte range, range inside the data, no two overlapping) and the
 * optional {@code __metadata__} strings.
 */
record SafeTensorsHeader(
    long dataStart, Map<String, SafeTensors.TensorInfo> tensors, Map<String, String> metadata) {
  private static final String METADATA = "__metadata__";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Reads and checks the header of {@code file}; one line naming the file when it is bad. */
  static SafeTensorsHeader parse(Path file, FileChannel channel) {
    long size = SafeTensors.size(file, channel);
    if (size < 8) {
      throw SafeTensors.bad(
          file, "truncated: " + size + " bytes, the 8-byte header length is missing");
    }
    ByteBuffer lengthBytes = SafeTensors.readFully(file, channel, 0, 8);
    long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 2 || headerLength > SafeTensors.MAX_HEADER_BYTES) {
      throw SafeTensors.bad(
          file,
          "header length "
              + Long.toUnsignedString(headerLength)
              + " is not plausible (2 to "
              + SafeTensors.MAX_HEADER_BYTES
              + " bytes): not a safetensors file");
    }
    if (8 + headerLength > size) {
      throw SafeTensors.bad(
          file,
          "truncated: the header claims "
              + headerLength
              + " bytes but the file has "
              + (size - 8)
              + " after the length");
    }
    ByteBuffer headerBytes = SafeTensors.readFully(file, channel, 8, (int) headerLength);
    String headerText = StandardCharsets.UTF_8.decode(headerBytes).toString();
    JsonNode header;
    try {
      header = JSON.readTree(headerText);
    } catch (JsonProcessingException e) {
      throw SafeTensors.bad(file, "the header is not valid JSON: " + e.getOriginalMessage());
    }
    if (header == null || !header.isObject()) {
      throw SafeTensors.bad(file, "the header is not a JSON object");
    }
    long dataStart = 8 + headerLength;
    long dataSize = size - dataStart;
    Map<String, SafeTensors.TensorInfo> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals(METADATA)) {
        field.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      tensors.put(
          field.getKey(), entry(file, field.getKey(), field.getValue(), dataStart, dataSize));
    }
    checkNoOverlap(file, tensors.values());
    return new SafeTensorsHeader(
        dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
  }

  private static SafeTensors.TensorInfo entry(
      Path file, String name, JsonNode node, long dataStart, long dataSize) {
    if (!node.isObject()) {
      throw SafeTensors.bad(file, "tensor " + name + ": header entry is not an object");
    }
    String dtypeText = node.path("dtype").asText("");
    SafeTensors.DType dtype;
    try {
      dtype = SafeTensors.DType.valueOf(dtypeText);
    } catch (IllegalArgumentException e) {
      throw SafeTensors.bad(
          file,
          "tensor "
              + name
              + ": unknown dtype '"
              + dtypeText
              + "' (known: "
              + Arrays.toString(SafeTensors.DType.values())
              + ")");
    }
    JsonNode shapeNode = node.path("shape");
    JsonNode offsets = node.path("data_offsets");
    if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw SafeTensors.bad(
          file, "tensor " + name + ": needs a 'shape' array and two 'data_offsets'");
    }
    long[] shape = new long[shapeNode.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw SafeTensors.bad(
            file, "tensor " + name + ": shape " + shapeNode + " is not a list of sizes");
      }
      shape[i] = d.asLong();
      elements = Math.multiplyExact(elements, Math.max(shape[i], 0));
    }
    JsonNode b = offsets.get(0);
    JsonNode e = offsets.get(1);
    if (!b.isIntegralNumber() || !e.isIntegralNumber()) {
      throw SafeTensors.bad(
          file, "tensor " + name + ": data_offsets " + offsets + " are not whole numbers");
    }
    long begin = b.asLong();
    long end = e.asLong();
    if (begin < 0 || end < begin || end > dataSize) {
      throw SafeTensors.bad(
          file,
          "tensor "
              + name
              + ": data_offsets ["
              + begin
              + ", "
              + end
              + "] lie outside the data ("
              + dataSize
              + " bytes): truncated or damaged file");
    }
    long expected = Math.multiplyExact(elements, dtype.bytes());
    if (end - begin != expected) {
      throw SafeTensors.bad(
          file,
          "tensor "
              + name
              + ": "
              + (end - begin)
              + " bytes of data for shape "
              + Arrays.toString(shape)
              + " of "
              + dtype
              + " (expected "
              + expected
              + ")");
    }
    return new SafeTensors.TensorInfo(name, dtype, shape, dataStart + begin, dataStart + end);
  }

  private static void checkNoOverlap(Path file, Iterable<SafeTensors.TensorInfo> all) {
    List<SafeTensors.TensorInfo> sorted = new ArrayList<>();
    all.forEach(sorted::add);
    sorted.sort(
        Comparator.comparingLong(SafeTensors.TensorInfo::begin)
            .thenComparingLong(SafeTensors.TensorInfo::end));
    for (int i = 1; i < sorted.size(); i++) {
      SafeTensors.TensorInfo prev = sorted.get(i - 1);
      SafeTensors.TensorInfo next = sorted.get(i);
      if (next.begin() < prev.end()) {
        throw SafeTensors.bad(
            file, "tensors " + prev.name() + " and " + next.name() + " overlap in the data");
      }
    }
  }
}
