package io.memefusion.dashboard;

import io.javalin.http.Context;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.web.ExportFormat;
import io.memefusion.dashboard.web.ReportFiles;
import io.memefusion.dashboard.web.SweepPages;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;

/** Files to download: a sweep's tables in an export format, and its report (PDF, Markdown). */
final class DownloadHandlers {
  private final DashboardStore store;
  private final ReportFiles reports;
  private final SweepPages sweepPages;

  DownloadHandlers(DashboardStore store, ReportFiles reports, SweepPages sweepPages) {
    this.store = store;
    this.reports = reports;
    this.sweepPages = sweepPages;
  }

  void export(Context ctx) {
    long id = Pages.id(ctx);
    ExportFormat format =
        ExportFormat.byExtension(ctx.pathParam("format"))
            .orElseThrow(() -> new NotFound("no export format " + ctx.pathParam("format")));
    SweepResults results =
        store.read(h -> SweepResultsQuery.find(h, id)).orElseThrow(() -> NotFound.sweep(id));
    String file = "sweep-" + id + "-" + Pages.slug(results.sweepName()) + "." + format.extension();
    ctx.contentType(format.mediaType())
        .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .result(format.table().render(results));
  }

  /** The sweep's report, as {@code ./memefusion report} writes it: the PDF or its Markdown twin. */
  void report(Context ctx, boolean pdf) {
    long id = Pages.id(ctx);
    ReportFiles.Report report = reports.render(id).orElseThrow(() -> NotFound.sweep(id));
    String name = sweepPages.summary(id).map(s -> Pages.slug(s.name())).orElse("sweep");
    String file = "report-sweep-" + id + "-" + name + (pdf ? ".pdf" : ".md");
    ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    if (pdf) {
      ctx.contentType("application/pdf").result(report.pdf());
    } else {
      ctx.contentType("text/markdown; charset=utf-8").result(report.markdown());
    }
  }
}
