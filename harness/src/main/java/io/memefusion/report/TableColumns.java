package io.memefusion.report;

import java.util.Arrays;
import java.util.List;

/**
 * A PDF table's font size and column widths: each column as wide as its widest cell; a table wider
 * than the text block first gets a smaller font, then its widest columns are wrapped; a narrower
 * one spreads the spare width over its columns so that tables span the text block.
 */
record TableColumns(float size, float[] widths) {

  static TableColumns fit(PdfKit kit, Doc.Table t, float size, float pad, float width) {
    int cols = t.headers().size();
    float[] natural = new float[cols];
    for (int c = 0; c < cols; c++) {
      natural[c] = kit.width(kit.bold, size, t.headers().get(c)) + 2 * pad;
      for (List<String> row : t.rows()) {
        natural[c] = Math.max(natural[c], kit.width(kit.regular, size, row.get(c)) + 2 * pad);
      }
    }
    float total = 0;
    for (float w : natural) {
      total += w;
    }
    if (total > width) {
      // first a smaller font (not below 6.3 pt), then wrap only the widest columns
      // text width scales with the size, the padding does not
      float text = total - 2 * pad * cols;
      size = Math.max(6.3f, size * (width - 2 * pad * cols) / text);
      total = 0;
      for (int c = 0; c < cols; c++) {
        natural[c] = kit.width(kit.bold, size, t.headers().get(c)) + 2 * pad;
        for (List<String> row : t.rows()) {
          natural[c] = Math.max(natural[c], kit.width(kit.regular, size, row.get(c)) + 2 * pad);
        }
        total += natural[c];
      }
    }
    float[] widths = new float[cols];
    if (total > width) {
      // water-filling: the narrow columns keep their width, the widest share what is left
      float[] sorted = natural.clone();
      Arrays.sort(sorted);
      float remaining = width;
      int left = cols;
      float cap = width;
      for (float w : sorted) {
        if (w * left <= remaining) {
          remaining -= w;
          left--;
        } else {
          cap = remaining / left;
          break;
        }
      }
      for (int c = 0; c < cols; c++) {
        widths[c] = Math.min(natural[c], cap);
      }
    } else {
      // spread the spare width over the columns so tables span the text block
      float extra = (width - total) / cols;
      for (int c = 0; c < cols; c++) {
        widths[c] = natural[c] + extra;
      }
    }
    return new TableColumns(size, widths);
  }
}
