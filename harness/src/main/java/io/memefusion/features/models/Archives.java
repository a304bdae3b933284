package io.memefusion.features.models;

import io.memefusion.UserException;
import io.memefusion.progress.Progress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks zip and tar archives into a folder, refusing entries that would land outside it. Zip
 * entries are checked against their CRC-32 by {@link ZipInputStream} as they are read.
 */
final class Archives {
  private Archives() {}

  /** Extracts a zip stream; {@code progress} advances by compressed-input bytes read. */
  static void unzip(InputStream in, Path dest, Progress progress) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(counting(in, progress))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        Path target = inside(dest, e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * Extracts a tar stream (ustar, GNU long names, pax {@code path}): regular files and folders;
   * links and devices are skipped.
   */
  static void untar(InputStream in, Path dest) throws IOException {
    byte[] header = new byte[512];
    String longName = null;
    while (readFully(in, header)) {
      if (isZero(header)) {
        break;
      }
      String name = longName != null ? longName : headerName(header);
      longName = null;
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      long padded = (size + 511) / 512 * 512;
      switch (type) {
        case 'L' ->
            longName = trimNul(new String(in.readNBytes((int) size), StandardCharsets.UTF_8));
        case 'x' ->
            longName = paxPath(new String(in.readNBytes((int) size), StandardCharsets.UTF_8));
        case '5' -> {
          Files.createDirectories(inside(dest, name));
          in.skipNBytes(size);
        }
        case '0', '\0' -> {
          Path target = inside(dest, name);
          Files.createDirectories(target.getParent());
          try (InputStream body = new BoundedInputStream(in, size)) {
            Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        default -> in.skipNBytes(size);
      }
      in.skipNBytes(padded - size); // each case consumed the entry's size bytes
    }
  }

  /** The folder under {@code root} that holds {@code saved_model.pb} (root itself or one below). */
  static Path savedModelRoot(Path root) throws IOException {
    if (Files.isRegularFile(root.resolve("saved_model.pb"))) {
      return root;
    }
    try (var s = Files.walk(root, 4)) {
      return s.filter(p -> p.getFileName().toString().equals("saved_model.pb"))
          .map(Path::getParent)
          .findFirst()
          .orElseThrow(() -> new UserException("the archive holds no saved_model.pb"));
    }
  }

  private static Path inside(Path dest, String name) {
    Path target = dest.resolve(name).normalize();
    if (!target.startsWith(dest) || name.startsWith("/")) {
      throw new UserException("archive entry escapes the target folder: " + name);
    }
    return target;
  }

  private static String headerName(byte[] h) {
    String name = field(h, 0, 100);
    boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? field(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String paxPath(String records) {
    for (String line : records.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.startsWith("path=", space + 1)) {
        return line.substring(space + 1 + "path=".length());
      }
    }
    return null;
  }

  private static String field(byte[] h, int off, int len) {
    return trimNul(new String(h, off, len, StandardCharsets.UTF_8));
  }

  private static String trimNul(String s) {
    int nul = s.indexOf('\0');
    return nul >= 0 ? s.substring(0, nul) : s;
  }

  private static long octal(byte[] h, int off, int len) {
    String s = field(h, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean readFully(InputStream in, byte[] b) throws IOException {
    int n = in.readNBytes(b, 0, b.length);
    if (n == 0) {
      return false;
    }
    if (n < b.length) {
      throw new IOException("truncated tar archive");
    }
    return true;
  }

  static InputStream counting(InputStream in, Progress progress) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          progress.advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          progress.advance(n);
        }
        return n;
      }
    };
  }

  /** Reads at most {@code limit} bytes of the underlying stream and never closes it. */
  private static final class BoundedInputStream extends FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(buf, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() {
      // the tar stream goes on
    }
  }
}
