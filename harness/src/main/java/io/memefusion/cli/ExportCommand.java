package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.analysis.SweepAnalysis;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.db.Database;
import io.memefusion.export.AnalysisTables;
import io.memefusion.export.CsvExports;
import io.memefusion.export.TableFormat;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.SweepStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memefusion export}: a sweep's dev and test tables, or its trial and prediction rows. */
@Command(
    name = "export",
    header = "Write a sweep's dev and test tables (md, csv, latex).",
    description = {
      "Write a sweep's dev and test tables (per model: configuration chosen on mean dev AUROC,"
          + " metrics as mean ± std over seeds, both threshold rules),",
      "or with --trials / --predictions one CSV row per trial × split × rule / per prediction."
    })
public final class ExportCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Spec CommandSpec spec;

  @Option(
      names = "--sweep",
      paramLabel = "ID|latest",
      defaultValue = "latest",
      description = "Sweep to export (default: ${DEFAULT-VALUE}).")
  String sweep;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "md, csv, latex or text (default: md; --trials/--predictions are CSV).")
  String format;

  @ArgGroup(exclusive = true)
  Rows rows;

  static final class Rows {
    @Option(
        names = "--trials",
        description =
            "CSV: trial_id,model,seed,split,threshold_rule,threshold,n,accuracy,precision,"
                + "recall,f1,auroc")
    boolean trials;

    @Option(names = "--predictions", description = "CSV: trial_id,split,id,label,proba")
    boolean predictions;
  }

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
  Path out;

  @Option(
      names = "--analysis",
      description =
          "Append the stored analysis (CIs, paired comparisons, calibration, modality reliance,"
              + " confounders; see: analyze) to the tables.")
  boolean analysis;

  @Override
  public Integer call() {
    boolean rowExport = rows != null && (rows.trials || rows.predictions);
    TableFormat tableFormat = tableFormat(rowExport);
    try (Database database = db.open()) {
      long id = new SweepStore(database).resolve(sweep);
      PrintWriter console = spec.commandLine().getOut();
      Writer target = out == null ? console : open(out);
      try {
        String what;
        if (rowExport) {
          CsvExports csv = new CsvExports(database.jdbi());
          long n = rows.trials ? csv.writeTrials(id, target) : csv.writePredictions(id, target);
          what = n + (rows.trials ? " trial metric rows" : " predictions");
        } else {
          SweepResults results = new SweepResultsQuery(database.jdbi()).results(id);
          target.write(tableFormat.render(results));
          what = "the dev and test tables";
          if (analysis) {
            SweepAnalysisResult stored =
                new SweepAnalysis(database.jdbi(), AnalysisSettings.defaults())
                    .load(id)
                    .orElseThrow(
                        () ->
                            new UserException(
                                "sweep "
                                    + id
                                    + " has no stored analysis: run ./memefusion analyze --sweep "
                                    + id));
            target.write("\n");
            target.write(AnalysisTables.render(tableFormat, results, stored));
            what += " and the analysis";
          }
        }
        target.flush();
        if (out != null) {
          console.println("wrote " + what + " of sweep " + id + " to " + out);
        }
      } finally {
        if (out != null) {
          target.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    return 0;
  }

  private TableFormat tableFormat(boolean rowExport) {
    if (rowExport) {
      if (analysis) {
        throw new UserException("--analysis goes with the tables, not with --trials/--predictions");
      }
      if (format != null && !format.equalsIgnoreCase("csv")) {
        throw new UserException(
            (rows.trials ? "--trials" : "--predictions")
                + " writes CSV; drop --format "
                + format
                + " or use --format csv");
      }
      return TableFormat.CSV;
    }
    if (format == null) {
      return TableFormat.MD;
    }
    for (TableFormat f : TableFormat.values()) {
      if (f.key().equalsIgnoreCase(format.trim())) {
        return f;
      }
    }
    throw new UserException("--format must be md, csv, latex or text, got '" + format + "'");
  }

  private static Writer open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }
}
