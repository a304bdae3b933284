package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.db.Database;
import io.memefusion.report.ReportWriter;
import io.memefusion.report.SweepReport;
import io.memefusion.sweep.SweepStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memefusion report}: analyses a sweep (bootstrap intervals, calibration, confounders),
 * stores the analysis and writes the PDF report with its Markdown twin.
 */
@Command(
    name = "report",
    header = "Write a sweep's report as PDF and Markdown.",
    description =
        "Write a sweep's report as PDF and Markdown: overview, dev/test tables with 95%% bootstrap intervals, reference numbers of the Hateful Memes paper, figures, and a discussion written from the numbers. The analysis is stored in the database (the dashboard shows it).")
public final class ReportCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Mixin AnalysisOptions analysis;
  @Spec CommandSpec spec;

  @Option(
      names = "--sweep",
      paramLabel = "ID|latest",
      defaultValue = "latest",
      description = "Sweep to report on (default: ${DEFAULT-VALUE}).")
  String sweep;

  @Option(
      names = "--out",
      paramLabel = "FILE.pdf",
      description =
          "PDF to write, in an existing folder; the Markdown twin FILE.md goes beside it (an"
              + " existing FILE.md is replaced only if it is a report) (default:"
              + " report-sweep-ID.pdf).")
  Path out;

  @Override
  public Integer call() {
    AnalysisSettings settings = analysis.settings(); // checked before any work
    if (out != null) {
      String name = out.getFileName() == null ? "" : out.getFileName().toString();
      if (!name.toLowerCase(Locale.ROOT).endsWith(".pdf") || name.length() <= 4) {
        throw new UserException(
            "--out must name a .pdf file (its Markdown twin goes beside it), got " + out);
      }
      OutFile.inExistingFolder(out);
    }
    PrintWriter console = spec.commandLine().getOut();
    try (Database database = db.open()) {
      long id = new SweepStore(database).resolve(sweep);
      Path pdf = out == null ? Path.of("report-sweep-" + id + ".pdf") : out;
      refuseForeignTwin(ReportWriter.markdownPath(pdf));
      ReportWriter.Written w =
          new SweepReport(database.jdbi(), settings)
              .write(id, pdf, note -> console.println("note: " + note));
      console.println(
          "wrote the report of sweep "
              + id
              + ": "
              + w.pdf()
              + " ("
              + w.pages()
              + " pages) and "
              + w.markdown());
    }
    return 0;
  }

  /** The Markdown twin may replace an earlier report, never a file of the user's. */
  private static void refuseForeignTwin(Path md) {
    if (!Files.exists(md)) {
      return;
    }
    String first;
    try (BufferedReader in = Files.newBufferedReader(md, StandardCharsets.UTF_8)) {
      first = Files.isRegularFile(md) ? in.readLine() : null;
    } catch (IOException | UncheckedIOException e) {
      first = null;
    }
    if (first == null || !first.equals("# " + ReportWriter.TITLE)) {
      throw new UserException(
          md + " exists and is not a memefusion report: not overwritten (choose another --out)");
    }
  }
}
