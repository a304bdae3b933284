package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.data.Dataset;
import io.memefusion.data.DatasetLoader;
import io.memefusion.data.LayoutOptions;
import io.memefusion.db.Database;
import io.memefusion.export.SweepResults;
import io.memefusion.export.SweepResultsQuery;
import io.memefusion.report.ReportData;
import io.memefusion.report.ReportLoader;
import io.memefusion.report.ReportWriter;
import io.memefusion.sweep.SweepStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Optional;
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
    description = {
      "Write a sweep's report as PDF and Markdown: overview, dev/test tables with 95% bootstrap",
      "intervals, reference numbers of the Hateful Memes paper, figures, and a discussion written",
      "from the numbers. The analysis is stored in the database (the dashboard shows it)."
    })
public final class ReportCommand implements Callable<Integer> {
  @Mixin DbOptions db;
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

  @Option(
      names = "--resamples",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Bootstrap resamples of the memes, at least 1000 (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "2020",
      description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (resamples < 1000) {
      throw new UserException("--resamples must be at least 1000, got " + resamples);
    }
    PrintWriter console = spec.commandLine().getOut();
    try (Database database = db.open()) {
      long id = new SweepStore(database).resolve(sweep);
      SweepResults results = new SweepResultsQuery(database.jdbi()).results(id);
      Optional<Dataset> dataset = dataset(database, id, console);
      AnalysisSettings settings = new AnalysisSettings(resamples, seed, true, 0.95, 10);
      SweepAnalysisResult analysis =
          new SweepAnalysis(database.jdbi(), settings).analyze(results, dataset);
      ReportData data =
          new ReportLoader(database.jdbi()).load(results, analysis, OffsetDateTime.now());
      Path pdf = out == null ? Path.of("report-sweep-" + id + ".pdf") : out;
      ReportWriter.Written w = new ReportWriter().write(data, pdf);
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

  /** The sweep's dataset, for confounder groups; the report goes on without it. */
  private static Optional<Dataset> dataset(Database database, long id, PrintWriter console) {
    String root =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT context -> 'dataset' ->> 'root' FROM sweep WHERE id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .findOne()
                        .orElse(null));
    if (root == null || root.isBlank() || !Files.isDirectory(Path.of(root))) {
      console.println(
          "note: the sweep's data folder "
              + (root == null ? "" : root + " ")
              + "is not available: confounder groups are skipped");
      return Optional.empty();
    }
    try {
      return Optional.of(DatasetLoader.load(Path.of(root), LayoutOptions.defaults()));
    } catch (UserException e) {
      console.println(
          "note: cannot read the data folder ("
              + e.getMessage()
              + "): confounder groups are skipped");
      return Optional.empty();
    }
  }
}
