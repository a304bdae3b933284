package io.memefusion.features.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.features.FeatureMatrix;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FeatureFileTest {
  static final FeatureMatrix M =
      new FeatureMatrix(List.of("01235", "ünï-42", "x"), 2, new float[] {1, -2.5f, 3e-8f, 4, 5, 6});

  @Test
  void roundTripsAndIsLaidOutAsDocumented(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("a/b.mff");
    String sha = FeatureFile.write(f, M);
    FeatureFile.Read r = FeatureFile.read(f);
    assertThat(r.matrix().ids()).isEqualTo(M.ids());
    assertThat(r.matrix().values()).containsExactly(M.values());
    assertThat(r.sha256()).isEqualTo(sha);
    // the documented layout: magic, version, rows, dim, ids, floats, crc
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    b.get(magic);
    assertThat(new String(magic, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("MEMEFEAT");
    assertThat(b.getInt()).isEqualTo(1);
    assertThat(b.getInt()).isEqualTo(3);
    assertThat(b.getInt()).isEqualTo(2);
    assertThat(b.getShort()).isEqualTo((short) 5);
    int idsBytes =
        2 + 5 + 2 + "ünï-42".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2 + 1;
    b.position(20 + idsBytes);
    assertThat(b.getFloat()).isEqualTo(1f);
    assertThat(b.getFloat()).isEqualTo(-2.5f);
    assertThat(b.remaining()).isEqualTo(4 * 4 + 4);
    // no temporary files left behind
    try (var s = Files.list(f.getParent())) {
      assertThat(s.toList()).containsExactly(f);
    }
  }

  @Test
  void detectsDamage(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.mff");
    FeatureFile.write(f, M);
    long size = Files.size(f);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(size - 10);
      int v = raf.read();
      raf.seek(size - 10);
      raf.write(v ^ 0x40); // one flipped bit in a float
    }
    assertThatThrownBy(() -> FeatureFile.read(f))
        .isInstanceOf(FeatureFile.DamagedException.class)
        .hasMessageContaining("checksum");
    FeatureFile.write(f, M);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(size - 7);
    }
    assertThatThrownBy(() -> FeatureFile.read(f)).isInstanceOf(FeatureFile.DamagedException.class);
    Files.writeString(f, "hello");
    assertThatThrownBy(() -> FeatureFile.read(f)).isInstanceOf(FeatureFile.DamagedException.class);
  }

  @Test
  void emptyMatrix(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("e.mff");
    FeatureFile.write(f, new FeatureMatrix(List.of(), 4, new float[0]));
    assertThat(FeatureFile.read(f).matrix().rows()).isZero();
  }
}
