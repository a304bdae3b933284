package io.memefusion.features;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes extracted features for other tools: one {@code <split>-<modality>.csv} per split and
 * modality, header {@code id,f0,f1,...}, one row per meme, each value printed as the shortest
 * decimal that reads back as the same float32 ({@link Float#toString}).
 */
public final class FeatureCsv {
  private FeatureCsv() {}

  /** Writes every split's text and image features into {@code dir}; returns the files. */
  public static List<Path> write(EmbeddedDataset embedded, Path dir) {
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (SplitFeatures s : embedded.splits()) {
        if (s.text() != null) {
          files.add(write(s.text(), dir.resolve(s.split() + "-text.csv")));
        }
        if (s.image() != null) {
          files.add(write(s.image(), dir.resolve(s.split() + "-image.csv")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write features to " + dir + ": " + e.getMessage(), e);
    }
    return files;
  }

  static Path write(FeatureMatrix m, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder("id");
      for (int j = 0; j < m.dim(); j++) {
        line.append(",f").append(j);
      }
      w.write(line.append('\n').toString());
      float[] data = m.values();
      for (int i = 0; i < m.rows(); i++) {
        line.setLength(0);
        line.append(csv(m.ids().get(i)));
        for (int j = 0; j < m.dim(); j++) {
          line.append(',').append(Float.toString(data[i * m.dim() + j]));
        }
        w.write(line.append('\n').toString());
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  private static String csv(String s) {
    return s.matches("[^\",\\n\\r]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
