package io.memefusion.cli;

import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.db.Database;
import io.memefusion.report.ReportWriter;
import io.memefusion.report.SweepReport;
import io.memefusion.sweep.SweepStore;
import java.io.PrintWriter;
import java.nio.file.Path;
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
          "PDF to write; the Markdown twin goes beside it (default: report-sweep-ID.pdf).")
  Path out;

  @Override
  public Integer call() {
    AnalysisSettings settings = analysis.settings(); // checked before any work
    PrintWriter console = spec.commandLine().getOut();
    try (Database database = db.open()) {
      long id = new SweepStore(database).resolve(sweep);
      Path pdf = out == null ? Path.of("report-sweep-" + id + ".pdf") : out;
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
}
