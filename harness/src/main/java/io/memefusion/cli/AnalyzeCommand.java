package io.memefusion.cli;

import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.db.Database;
import io.memefusion.export.AnalysisTables;
import io.memefusion.export.TableFormat;
import io.memefusion.report.SweepReport;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.SweepStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memefusion analyze}: computes and stores a sweep's analysis (what {@code report} also
 * does), for the dashboard and {@code export --analysis}, and prints it.
 */
@Command(
    name = "analyze",
    header = "Bootstrap CIs, calibration, reliance and confounders of a sweep.",
    description =
        "Compute and store a sweep's analysis: bootstrap 95%% intervals of AUROC and accuracy,"
            + " paired bootstrap of fusion minus text-only, calibration (ECE), modality reliance"
            + " and accuracy on confounder groups. The dashboard and export --analysis show it.")
public final class AnalyzeCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Mixin AnalysisOptions analysis;
  @Spec CommandSpec spec;

  @Option(
      names = "--sweep",
      paramLabel = "ID|latest",
      defaultValue = "latest",
      description = "Sweep to analyse (default: ${DEFAULT-VALUE}).")
  String sweep;

  @Override
  public Integer call() {
    AnalysisSettings settings = analysis.settings(); // checked before any work
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = db.open()) {
      long id = new SweepStore(database).resolve(sweep);
      SweepResults results = new SweepResultsQuery(database.jdbi()).results(id);
      SweepAnalysisResult result =
          new SweepReport(database.jdbi(), settings)
              .analyze(results, note -> out.println("note: " + note));
      out.print(AnalysisTables.render(TableFormat.MD, results, result));
      out.println("stored the analysis of sweep " + id + " (dashboard, export --analysis)");
    }
    return 0;
  }
}
