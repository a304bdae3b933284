package io.memefusion.report;

import io.memefusion.results.Fmt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Composes the report of a sweep and writes it as a PDF and a Markdown twin beside it ({@code
 * report.pdf} and {@code report.md}).
 */
public final class ReportWriter {

  /** The files written. */
  public record Written(Path pdf, Path markdown, int pages) {}

  public Doc compose(ReportData d) {
    List<Doc.Block> blocks = new ArrayList<>();
    blocks.addAll(OverviewSection.blocks(d));
    blocks.add(new Doc.PageBreak());
    blocks.addAll(ResultsSection.blocks(d));
    blocks.addAll(FiguresSection.blocks(d));
    blocks.add(new Doc.PageBreak());
    blocks.addAll(Discussion.blocks(d));
    blocks.add(new Doc.Heading(1, "5 Your notes"));
    blocks.add(
        new Doc.NotesBox(
            "Notes (written by the student, not generated)",
            "Replace this box with your own interpretation: what surprised you, what you would try next, how"
                + " these numbers compare with your expectations. Everything above was generated from the sweep's"
                + " stored results by memefusion.",
            150));
    blocks.add(new Doc.Heading(1, "6 Generative AI statement"));
    blocks.add(
        new Doc.NotesBox(
            "Generative AI statement (to be completed by the author)",
            "State which generative AI tools you used for this report and for what (e.g. drafting text, code,"
                + " figures), or that you used none. The tables, figures and discussion above were produced"
                + " deterministically by memefusion from the sweep's results, without a language model.",
            90));
    String subtitle =
        "memefusion report of sweep #"
            + d.sweep().id()
            + " \""
            + d.sweep().name()
            + "\" · generated "
            + d.generatedAt().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
            + " · numbers as fractions (0.650 = 65.0%); '"
            + Fmt.NONE
            + "' = not available";
    return new Doc("Unimodal vs multimodal hateful meme classification", subtitle, blocks);
  }

  /** Writes {@code pdf} and the Markdown twin (same name, {@code .md}). */
  public Written write(ReportData d, Path pdf) {
    Doc doc = compose(d);
    Path md = markdownPath(pdf);
    try {
      Path parent = pdf.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // written beside the target and moved over it: a reader never sees a half-written PDF
      Path partial = pdf.resolveSibling(pdf.getFileName() + ".partial");
      new PdfRenderer("memefusion · sweep #" + d.sweep().id() + " · " + d.sweep().name())
          .render(doc, partial);
      Files.move(partial, pdf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(md, new MarkdownRenderer().render(doc), StandardCharsets.UTF_8);
      try (var loaded = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
        return new Written(pdf, md, loaded.getNumberOfPages());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + pdf, e);
    }
  }

  static Path markdownPath(Path pdf) {
    String name = pdf.getFileName().toString();
    String stem =
        name.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")
            ? name.substring(0, name.length() - 4)
            : name;
    return pdf.resolveSibling(stem + ".md");
  }
}
