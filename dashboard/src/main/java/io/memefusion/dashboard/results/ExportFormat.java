package io.memefusion.dashboard.results;

import java.util.Locale;
import java.util.Optional;

/** The files {@code ./memefusion export} writes and the dashboard's Export buttons download. */
public enum ExportFormat {
  MARKDOWN("md", "text/markdown; charset=utf-8", "Markdown"),
  CSV("csv", "text/csv; charset=utf-8", "CSV"),
  LATEX("tex", "application/x-latex; charset=utf-8", "LaTeX");

  private final String extension;
  private final String mediaType;
  private final String label;

  ExportFormat(String extension, String mediaType, String label) {
    this.extension = extension;
    this.mediaType = mediaType;
    this.label = label;
  }

  public String extension() {
    return extension;
  }

  public String mediaType() {
    return mediaType;
  }

  public String label() {
    return label;
  }

  public static Optional<ExportFormat> byExtension(String ext) {
    String e = ext.toLowerCase(Locale.ROOT);
    for (ExportFormat f : values()) {
      if (f.extension.equals(e)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
