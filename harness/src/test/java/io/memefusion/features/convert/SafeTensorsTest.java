package io.memefusion.features.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SafeTensorsTest {
  @TempDir Path dir;

  private SafeTensorsWriter sample() {
    return new SafeTensorsWriter()
        .f32("conv1.weight", new float[] {1.5f, -2f, 0.25f, 3f, 4f, 5f}, 2, 3)
        .bf16("bn.bias", new float[] {1f, -0.5f, 2.5f}, 3)
        // 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), -0.0
        .f16Bits("half", new short[] {0x3c00, (short) 0xc000, 0x7bff, 0x0001, (short) 0x8000}, 5);
  }

  @Test
  void readsF32Bf16AndF16AsFloat32() throws IOException {
    Path file = sample().write(dir.resolve("w.safetensors"));
    try (SafeTensors st = SafeTensors.open(file)) {
      assertThat(st.tensors()).containsOnlyKeys("conv1.weight", "bn.bias", "half");
      assertThat(st.metadata()).containsEntry("format", "pt");
      assertThat(st.floats("conv1.weight", 2, 3)).containsExactly(1.5f, -2f, 0.25f, 3f, 4f, 5f);
      assertThat(st.floats("bn.bias", 3)).containsExactly(1f, -0.5f, 2.5f);
      float[] half = st.floats("half");
      assertThat(half).containsExactly(1f, -2f, 65504f, 0x1p-24f, -0f);
      assertThat(Float.floatToRawIntBits(half[4])).isEqualTo(0x80000000);
      assertThat(st.info("conv1.weight").shapeText()).isEqualTo("[2, 3]");
    }
  }

  @Test
  void halfPrecisionSpecialValues() {
    assertThat(SafeTensors.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(SafeTensors.halfToFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(SafeTensors.halfToFloat((short) 0x7e00)).isNaN();
    assertThat(SafeTensors.halfToFloat((short) 0x3555)).isCloseTo(0.333251953f, within());
    assertThat(SafeTensors.halfToFloat((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f);
  }

  private static org.assertj.core.data.Offset<Float> within() {
    return org.assertj.core.data.Offset.offset(1e-9f);
  }

  @Test
  void missingOrMisshapenTensorIsNamedWithBothShapes() throws IOException {
    Path file = sample().write(dir.resolve("w.safetensors"));
    try (SafeTensors st = SafeTensors.open(file)) {
      assertThatThrownBy(() -> st.floats("fc.weight"))
          .isInstanceOf(UserException.class)
          .hasMessage(file + ": tensor fc.weight is missing");
      assertThatThrownBy(() -> st.floats("conv1.weight", 3, 2))
          .isInstanceOf(UserException.class)
          .hasMessage(file + ": tensor conv1.weight has shape [2, 3], expected [3, 2]");
    }
  }

  @Test
  void truncatedLengthAndHeader() throws IOException {
    Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafeTensors.open(tiny))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("tiny.safetensors: truncated: 3 bytes");
    Path full = sample().write(dir.resolve("full.safetensors"));
    byte[] bytes = Files.readAllBytes(full);
    Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(bytes, 40));
    assertThatThrownBy(() -> SafeTensors.open(cut))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cut.safetensors: truncated: the header claims");
  }

  @Test
  void oversizedHeaderLength() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(1L << 40).putLong(0);
    Path file = Files.write(dir.resolve("huge.safetensors"), b.array());
    assertThatThrownBy(() -> SafeTensors.open(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("header length 1099511627776 is not plausible");
  }

  @Test
  void headerThatIsNotJson() throws IOException {
    Path file = SafeTensorsWriter.write(dir.resolve("nj.safetensors"), "{\"a\": [1,", new byte[0]);
    assertThatThrownBy(() -> SafeTensors.open(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("nj.safetensors: the header is not valid JSON");
  }

  @Test
  void offsetsOutsideTheDataAreATruncatedFile() throws IOException {
    SafeTensorsWriter w = sample();
    byte[] data = w.data();
    Path file =
        SafeTensorsWriter.write(
            dir.resolve("short.safetensors"),
            w.header().toString(),
            Arrays.copyOf(data, data.length - 4));
    assertThatThrownBy(() -> SafeTensors.open(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("tensor half: data_offsets [30, 40] lie outside the data (36 bytes)");
  }

  @Test
  void overlappingTensors() throws IOException {
    SafeTensorsWriter w = sample();
    ObjectNode header = w.header();
    ((ObjectNode) header.get("bn.bias")).putArray("data_offsets").add(20).add(26);
    Path file = SafeTensorsWriter.write(dir.resolve("ov.safetensors"), header.toString(), w.data());
    assertThatThrownBy(() -> SafeTensors.open(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("tensors conv1.weight and bn.bias overlap in the data");
  }

  @Test
  void unknownDtypeAndSizeMismatch() throws IOException {
    SafeTensorsWriter w = sample();
    ObjectNode header = w.header();
    ((ObjectNode) header.get("bn.bias")).put("dtype", "F128");
    Path file = SafeTensorsWriter.write(dir.resolve("dt.safetensors"), header.toString(), w.data());
    assertThatThrownBy(() -> SafeTensors.open(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("tensor bn.bias: unknown dtype 'F128' (known: [BOOL, U8");
    ObjectNode header2 = w.header();
    ((ObjectNode) header2.get("conv1.weight")).putArray("shape").add(2).add(2);
    Path file2 =
        SafeTensorsWriter.write(dir.resolve("sz.safetensors"), header2.toString(), w.data());
    assertThatThrownBy(() -> SafeTensors.open(file2))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(
            "tensor conv1.weight: 24 bytes of data for shape [2, 2] of F32 (expected 16)");
  }

  @Test
  void integerTensorsAreListedButNotReadAsFloats() throws IOException {
    Path file =
        new SafeTensorsWriter()
            .raw("position_ids", SafeTensors.DType.I64, new byte[16], 1, 2)
            .write(dir.resolve("ids.safetensors"));
    try (SafeTensors st = SafeTensors.open(file)) {
      assertThat(st.info("position_ids").elements()).isEqualTo(2);
      assertThatThrownBy(() -> st.floats("position_ids"))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("tensor position_ids is I64, not a float type");
    }
  }
}
