package io.memefusion.features.convert.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes a random CLIP checkpoint for command-line demos and the extraction benchmark, outside git:
 * {@code mvn -pl harness test -Dtest=ClipFixtureGenerator -Dclip.fixture.out=DIR
 * [-Dclip.fixture.size=b32|tiny]}. Skipped in normal builds. DIR gets model.safetensors (F32),
 * config.json and tokenizer.json (word-level, the real vocabulary size, so every id is valid).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ClipFixtureGenerator {
  @Test
  @EnabledIfSystemProperty(named = "clip.fixture.out", matches = ".+")
  void write() throws IOException {
    Path dir = Path.of(System.getProperty("clip.fixture.out"));
    TinyClip.Spec spec =
        "tiny".equals(System.getProperty("clip.fixture.size"))
            ? TinyClip.Spec.tiny()
            : TinyClip.Spec.vitB32();
    Files.createDirectories(dir);
    Map<String, float[]> w = TinyClip.weights(spec, 20260101L);
    // header first, then each tensor's little-endian floats: streamed, no second copy in memory
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, float[]> e : w.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      ArrayNode shape = t.putArray("shape");
      for (long d : TinyClip.shape(spec, e.getKey())) {
        shape.add(d);
      }
      long size = e.getValue().length * 4L;
      t.putArray("data_offsets").add(offset).add(offset + size);
      offset += size;
    }
    byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int pad = (8 - h.length % 8) % 8;
    try (OutputStream out =
        new java.io.BufferedOutputStream(
            Files.newOutputStream(dir.resolve("model.safetensors")), 1 << 20)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      len.putLong(h.length + pad);
      out.write(len.array());
      out.write(h);
      out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
      ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] values : w.values()) {
        for (float v : values) {
          if (!chunk.hasRemaining()) {
            out.write(chunk.array(), 0, chunk.position());
            chunk.clear();
          }
          chunk.putFloat(v);
        }
      }
      out.write(chunk.array(), 0, chunk.position());
    }
    Files.writeString(dir.resolve("config.json"), TinyClip.config(spec));
    Files.writeString(dir.resolve("tokenizer.json"), TinyClip.tokenizer(spec.vocab()));
  }
}
