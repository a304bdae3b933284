package io.memefusion.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.ImageCheck.Result;
import io.memefusion.data.ImageCheck.Status;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Timeout(
    value = 60,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ImageCheckTest {
  @TempDir Path dir;
  private final ImageCheck check = ImageCheck.defaults();

  private static byte[] encode(String format, int w, int h) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, (x * 7919 + y * 104729) & 0xffffff); // noise: several IDAT chunks
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }

  private Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  /** A PNG that is only a signature and an IHDR claiming {@code w x h}: no pixel data at all. */
  private static byte[] pngHeader(long w, long h) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt((int) w).putInt((int) h);
    ihdr.put(new byte[] {8, 2, 0, 0, 0});
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return png.array();
  }

  @Test
  void completePngIsOkWithItsSize() throws IOException {
    Result r = check.check(file("a.png", encode("png", 300, 200)));
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.width()).isEqualTo(300);
    assertThat(r.height()).isEqualTo(200);
  }

  @Test
  void missingFile() {
    assertThat(check.check(dir.resolve("nope.png")).status()).isEqualTo(Status.MISSING);
  }

  @Test
  void truncatedPngs() throws IOException {
    byte[] png = encode("png", 300, 200);
    Result half = check.check(file("half.png", Arrays.copyOf(png, png.length / 2)));
    assertThat(half.status()).isEqualTo(Status.TRUNCATED);
    assertThat(half.detail()).contains("PNG chunk IDAT").contains("needs");
    // cut exactly before IEND: every chunk complete, but the end is missing
    Result noEnd = check.check(file("noend.png", Arrays.copyOf(png, png.length - 12)));
    assertThat(noEnd.status()).isEqualTo(Status.TRUNCATED);
    assertThat(noEnd.detail()).contains("without an IEND chunk");
    assertThat(check.check(file("empty.png", new byte[0])).status()).isEqualTo(Status.TRUNCATED);
    assertThat(check.check(file("sig.png", Arrays.copyOf(png, 5))).status())
        .isEqualTo(Status.TRUNCATED);
    // bytes after IEND are tolerated
    byte[] trailing = Arrays.copyOf(png, png.length + 3);
    assertThat(check.check(file("trailing.png", trailing)).status()).isEqualTo(Status.OK);
  }

  @Test
  void filesThatAreNotImages() throws IOException {
    Result text = check.check(file("t.png", "hello world".getBytes(StandardCharsets.UTF_8)));
    assertThat(text.status()).isEqualTo(Status.NOT_AN_IMAGE);
    assertThat(text.detail()).contains("starts with 68 65 6C 6C");
    Result html =
        check.check(file("h.png", "<!DOCTYPE html><html>".getBytes(StandardCharsets.UTF_8)));
    assertThat(html.status()).isEqualTo(Status.NOT_AN_IMAGE);
    assertThat(html.detail()).contains("HTML");
    Result lfs =
        check.check(
            file(
                "l.png",
                "version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 12\n"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(lfs.detail()).contains("Git LFS pointer");
    assertThat(check.check(Files.createDirectory(dir.resolve("d.png"))).status())
        .isEqualTo(Status.NOT_AN_IMAGE);
  }

  @Test
  void giganticHeadersAreTooLargeWithoutDecoding() throws IOException {
    Result wide = check.check(file("wide.png", pngHeader(100_000, 10)));
    assertThat(wide.status()).isEqualTo(Status.TOO_LARGE);
    assertThat(wide.detail()).contains("100000x10");
    // each side within limits, but 100 megapixels in all
    assertThat(check.check(file("mp.png", pngHeader(10_000, 10_000))).status())
        .isEqualTo(Status.TOO_LARGE);
    // a 4-billion-pixel side (unsigned 32-bit) is read as such, not as a negative number
    assertThat(check.check(file("huge.png", pngHeader(0xFFFFFFF0L, 0xFFFFFFF0L))).status())
        .isEqualTo(Status.TOO_LARGE);
    // a JPEG frame header claiming 60000 x 60000
    byte[] jpeg = encode("jpeg", 64, 48);
    int sof = indexOfSof(jpeg);
    jpeg[sof + 5] = (byte) 0xEA;
    jpeg[sof + 6] = 0x60;
    jpeg[sof + 7] = (byte) 0xEA;
    jpeg[sof + 8] = 0x60;
    assertThat(check.check(file("big.jpg", jpeg)).status()).isEqualTo(Status.TOO_LARGE);
    // stricter limits are honoured
    assertThat(new ImageCheck(100, 1_000_000).check(file("b.png", encode("png", 120, 50))).status())
        .isEqualTo(Status.TOO_LARGE);
  }

  private static int indexOfSof(byte[] jpeg) {
    for (int i = 2; i < jpeg.length - 1; i++) {
      if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xC0) {
        return i;
      }
    }
    throw new AssertionError("no SOF0 marker");
  }

  @Test
  void corruptHeadersAreUnreadable() throws IOException {
    assertThat(check.check(file("zero.png", pngHeader(0, 10))).status())
        .isEqualTo(Status.UNREADABLE);
    byte[] png = encode("png", 40, 40);
    Arrays.fill(png, 33, 41, (byte) 0); // the chunk header after IHDR overwritten with zeros
    assertThat(check.check(file("corrupt.png", png)).status()).isEqualTo(Status.UNREADABLE);
    assertThat(
            check
                .check(
                    file("webp.png", "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)))
                .detail())
        .contains("WebP");
  }

  @Test
  void otherFormatsByTheirHeaders() throws IOException {
    Result jpeg = check.check(file("a.jpg", encode("jpeg", 64, 48)));
    assertThat(jpeg.status()).isEqualTo(Status.OK);
    assertThat(jpeg.width()).isEqualTo(64);
    assertThat(jpeg.height()).isEqualTo(48);
    byte[] full = encode("jpeg", 64, 48);
    assertThat(check.check(file("cut.jpg", Arrays.copyOf(full, full.length - 100))).status())
        .isEqualTo(Status.TRUNCATED);
    Result gif = check.check(file("a.gif", encode("gif", 30, 20)));
    assertThat(gif.status()).isEqualTo(Status.OK);
    assertThat(gif.width()).isEqualTo(30);
    Result bmp = check.check(file("a.bmp", encode("bmp", 31, 21)));
    assertThat(bmp.status()).isEqualTo(Status.OK);
    assertThat(bmp.height()).isEqualTo(21);
  }

  @Test
  void pngCutInsideItsPixelsButWellFormedIsTruncated() throws Exception {
    byte[] png = encode("png", 300, 200);
    Result cut = check.check(file("cut.png", DamagedFiles.truncatedPixels(png, 0.6)));
    assertThat(cut.status()).isEqualTo(Status.TRUNCATED);
    assertThat(cut.detail())
        .isEqualTo("PNG pixel data ends after 108120 of the 180200 bytes its 300x200 header needs");
    // headers only (the embedder, whose decoder reads the pixels itself) does not look there
    assertThat(check.headersOnly().check(dir.resolve("cut.png")).status()).isEqualTo(Status.OK);
  }

  @Test
  void pngWithADamagedPixelChunkFailsItsCrc() throws Exception {
    Result r = check.check(file("crc.png", DamagedFiles.flippedPixelByte(encode("png", 120, 80))));
    assertThat(r.status()).isEqualTo(Status.UNREADABLE);
    assertThat(r.detail())
        .matches("PNG chunk IDAT at byte \\d+ fails its CRC check \\(damaged data\\)");
  }

  @Test
  void everyPixelFormatAndInterlacingHasItsFullLength() throws IOException {
    int[] types = {
      BufferedImage.TYPE_BYTE_GRAY,
      BufferedImage.TYPE_USHORT_GRAY,
      BufferedImage.TYPE_BYTE_BINARY,
      BufferedImage.TYPE_BYTE_INDEXED,
      BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_3BYTE_BGR
    };
    for (int type : types) {
      for (boolean interlaced : new boolean[] {false, true}) {
        BufferedImage image = new BufferedImage(37, 23, type);
        for (int y = 0; y < 23; y++) {
          for (int x = 0; x < 37; x++) {
            image.setRGB(x, y, 0xff000000 | (x * 7919 + y * 104729) & 0xffffff);
          }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(
            interlaced
                ? javax.imageio.ImageWriteParam.MODE_DEFAULT
                : javax.imageio.ImageWriteParam.MODE_DISABLED);
        try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
          writer.setOutput(ios);
          writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        }
        writer.dispose();
        byte[] png = out.toByteArray();
        assertThat(png[8 + 8 + 12]).as("interlace flag").isEqualTo((byte) (interlaced ? 1 : 0));
        Result r = check.check(file("f" + type + interlaced + ".png", png));
        assertThat(r.status())
            .as("type " + type + ", interlaced " + interlaced)
            .isEqualTo(Status.OK);
      }
    }
  }

  @Test
  void fifosAreUnreadableWithoutBeingOpenedAndHugeFilesTooLargeByTheirSize() throws Exception {
    Result fifo = check.check(DamagedFiles.fifo(dir.resolve("pipe.png")));
    assertThat(fifo.status()).isEqualTo(Status.UNREADABLE);
    assertThat(fifo.detail()).isEqualTo("not a regular file (a FIFO, device or socket)");
    Result huge = check.check(DamagedFiles.sparsePng(dir.resolve("huge.png"), 3L << 30));
    assertThat(huge.status()).isEqualTo(Status.TOO_LARGE);
    assertThat(huge.detail()).isEqualTo("file of 3072 MB (limit 256 MB)");
  }

  @Test
  void isFastBecauseItReadsOnlyHeaders() throws IOException {
    byte[] png = encode("png", 400, 400);
    for (int i = 0; i < 500; i++) {
      file(i + ".png", png);
    }
    // CPU time of this thread, not wall time: the machine may be busy with other work
    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long start = cpu.getCurrentThreadCpuTime();
    for (int i = 0; i < 500; i++) {
      assertThat(check.check(dir.resolve(i + ".png")).ok()).isTrue();
    }
    // measured ~1 ms per file (the pixel data is inflated, not decoded); a generous bound
    assertThat((cpu.getCurrentThreadCpuTime() - start) / 1e9).isLessThan(5.0);
  }
}
