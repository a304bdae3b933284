package io.memefusion.dashboard.web;

import io.memefusion.export.TableFormat;
import java.util.Locale;
import java.util.Optional;

/** The files of the Export buttons: {@code ./memefusion export --format md|csv|latex}. */
public enum ExportFormat {
  MARKDOWN(TableFormat.MD, "md", "text/markdown; charset=utf-8", "Markdown"),
  CSV(TableFormat.CSV, "csv", "text/csv; charset=utf-8", "CSV"),
  LATEX(TableFormat.LATEX, "tex", "application/x-latex; charset=utf-8", "LaTeX");

  private final TableFormat table;
  private final String extension;
  private final String mediaType;
  private final String label;

  ExportFormat(TableFormat table, String extension, String mediaType, String label) {
    this.table = table;
    this.extension = extension;
    this.mediaType = mediaType;
    this.label = label;
  }

  /** The harness's writer for this format: the one {@code ./memefusion export} uses. */
  public TableFormat table() {
    return table;
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
