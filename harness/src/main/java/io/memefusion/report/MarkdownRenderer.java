package io.memefusion.report;

import io.memefusion.results.Fmt;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown twin of the PDF: the same blocks as text and pipe tables; each chart becomes its
 * caption with the numbers it shows (points of ROC/PR curves are left to the PDF).
 */
public final class MarkdownRenderer {

  public String render(Doc doc) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(doc.title()).append("\n\n");
    b.append("_").append(doc.subtitle()).append("_\n\n");
    for (Doc.Block block : doc.blocks()) {
      if (block instanceof Doc.Heading h) {
        b.append("#".repeat(h.level() + 1)).append(' ').append(h.text()).append("\n\n");
      } else if (block instanceof Doc.Paragraph p) {
        String text = escape(p.text()).replace("\n", "  \n");
        b.append(
                p.style() == Doc.Style.WARNING
                    ? "> **Warning:** " + text
                    : p.style() == Doc.Style.SMALL ? "_" + text + "_" : text)
            .append("\n\n");
      } else if (block instanceof Doc.Bullets bl) {
        bl.items().forEach(i -> b.append("- ").append(escape(i)).append('\n'));
        b.append('\n');
      } else if (block instanceof Doc.Table t) {
        table(b, t);
      } else if (block instanceof Doc.Figure f) {
        figure(b, f);
      } else if (block instanceof Doc.NotesBox n) {
        b.append("### ").append(n.title()).append("\n\n");
        b.append("_").append(n.body()).append("_\n\n");
      }
    }
    return b.toString();
  }

  private static void table(StringBuilder b, Doc.Table t) {
    b.append("**").append(escape(t.caption())).append("**\n\n");
    b.append("| ")
        .append(String.join(" | ", t.headers().stream().map(MarkdownRenderer::cell).toList()))
        .append(" |\n");
    b.append("|");
    for (Doc.Align a : t.align()) {
      b.append(a == Doc.Align.RIGHT ? " ---: |" : " --- |");
    }
    b.append('\n');
    for (List<String> row : t.rows()) {
      b.append("| ")
          .append(String.join(" | ", row.stream().map(MarkdownRenderer::cell).toList()))
          .append(" |\n");
    }
    b.append('\n');
    if (t.note() != null && !t.note().isBlank()) {
      b.append("_").append(escape(t.note())).append("_\n\n");
    }
  }

  private static void figure(StringBuilder b, Doc.Figure f) {
    b.append("**Figure:** ").append(escape(f.caption())).append(" (chart in the PDF)\n\n");
    for (Doc.Chart c : f.charts()) {
      if (c instanceof Doc.ConfusionChart m) {
        b.append(
            String.format(
                Locale.ROOT,
                "- %s (%s): TP %d, FN %d, FP %d, TN %d%n",
                m.title(),
                m.subtitle(),
                m.counts().truePositives(),
                m.counts().falseNegatives(),
                m.counts().falsePositives(),
                m.counts().trueNegatives()));
      } else if (c instanceof Doc.BarChart bar) {
        for (Doc.BarSeries s : bar.series()) {
          b.append("- ").append(bar.title()).append(", ").append(s.name()).append(": ");
          for (int i = 0; i < bar.categories().size(); i++) {
            b.append(i > 0 ? ", " : "")
                .append(bar.categories().get(i))
                .append(' ')
                .append(Fmt.signed(s.values().get(i)));
          }
          b.append('\n');
        }
      }
    }
    b.append('\n');
  }

  private static String cell(String s) {
    return escape(s).replace("|", "\\|");
  }

  private static String escape(String s) {
    return s.replace("*", "\\*").replace("_", "\\_");
  }
}
