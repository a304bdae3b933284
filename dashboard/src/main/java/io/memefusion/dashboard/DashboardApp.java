package io.memefusion.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.web.ExportFormat;
import io.memefusion.dashboard.web.Formats;
import io.memefusion.dashboard.web.MemeTexts;
import io.memefusion.dashboard.web.ReportFiles;
import io.memefusion.dashboard.web.SweepPages;
import io.memefusion.dashboard.web.TrialPages;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard web app: the sweeps list, sweep pages, trial pages and exports, read-only over the
 * store. Full pages and the htmx fragments they are made of are rendered by the same templates.
 */
public final class DashboardApp {
  /** Where the htmx webjar serves its script; the version is pinned in the parent pom. */
  public static final String HTMX_PATH = "/webjars/htmx.org/2.0.8/dist/htmx.min.js";

  private static final Logger LOG = LoggerFactory.getLogger(DashboardApp.class);
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final String MESSAGE = "memefusion.message";

  private final TemplateEngine templates;
  private final DashboardStore store;
  private final Formats formats;
  private final SweepPages sweepPages;
  private final TrialPages trialPages;
  private final ReportFiles reports;
  private Javalin server;

  public DashboardApp(Jdbi jdbi, TemplateEngine templates, Clock clock) {
    this.templates = Objects.requireNonNull(templates, "templates");
    this.store = new DashboardStore(jdbi);
    this.formats = new Formats(clock);
    this.sweepPages = new SweepPages(store, formats);
    this.trialPages = new TrialPages(store, new MemeTexts());
    this.reports = new ReportFiles(store, clock);
  }

  /** The templates compiled into this module's jar at build time (HTML-escaping output). */
  public static TemplateEngine precompiledTemplates() {
    return TemplateEngine.createPrecompiled(ContentType.Html);
  }

  /** Starts serving; port 0 picks a free port, see {@link #port()}. */
  public synchronized DashboardApp start(String host, int port) {
    if (server != null) {
      throw new IllegalStateException("the dashboard is already running on port " + port());
    }
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.staticFiles.add("/public", Location.CLASSPATH);
                  config.staticFiles.enableWebjars();
                  config.routes.before(ctx -> securityHeaders(ctx));
                  config.routes.get("/", this::sweeps);
                  config.routes.get("/sweeps", this::sweeps);
                  config.routes.get("/sweeps/{id}", this::sweep);
                  config.routes.get("/sweeps/{id}/row", this::sweepRow);
                  config.routes.get("/sweeps/{id}/live", this::sweepLive);
                  config.routes.get("/sweeps/{id}/trials", this::trials);
                  config.routes.get("/sweeps/{id}/export/{format}", this::export);
                  config.routes.get("/sweeps/{id}/report.pdf", ctx -> report(ctx, true));
                  config.routes.get("/sweeps/{id}/report.md", ctx -> report(ctx, false));
                  config.routes.get("/trials/{id}", this::trial);
                  config.routes.exception(
                      NotFound.class,
                      (e, ctx) ->
                          ctx.status(HttpStatus.NOT_FOUND).attribute(MESSAGE, e.getMessage()));
                  config.routes.exception(
                      ReportFiles.NoAnalysis.class,
                      (e, ctx) ->
                          page(
                              ctx.status(HttpStatus.CONFLICT),
                              "error.jte",
                              Map.of("status", 409, "message", e.getMessage())));
                  config.routes.exception(
                      Exception.class,
                      (e, ctx) -> {
                        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                        page(
                            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR),
                            "error.jte",
                            Map.of("status", 500, "message", "the dashboard failed: " + e));
                      });
                  config.routes.error(404, this::notFound);
                })
            .start(host, port);
    return this;
  }

  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the dashboard is not running");
    }
    return server.port();
  }

  public synchronized void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  private void sweeps(Context ctx) {
    page(ctx, "sweeps.jte", Map.of("sweeps", sweepPages.sweeps(), "f", formats));
  }

  private void sweepRow(Context ctx) {
    long id = id(ctx);
    page(
        ctx,
        "partials/sweepRow.jte",
        Map.of("s", sweepPages.summary(id).orElseThrow(() -> NotFound.sweep(id)), "f", formats));
  }

  private void sweep(Context ctx) {
    long id = id(ctx);
    page(
        ctx,
        "sweep.jte",
        Map.of(
            "v",
            sweepPages.sweep(id, params(ctx)).orElseThrow(() -> NotFound.sweep(id)),
            "f",
            formats));
  }

  private void sweepLive(Context ctx) {
    long id = id(ctx);
    page(
        ctx,
        "partials/sweepLive.jte",
        Map.of(
            "v",
            sweepPages.sweep(id, params(ctx)).orElseThrow(() -> NotFound.sweep(id)),
            "f",
            formats));
  }

  private void trials(Context ctx) {
    long id = id(ctx);
    page(
        ctx,
        "partials/trialsSwap.jte",
        Map.of(
            "t",
            sweepPages.trials(id, params(ctx)).orElseThrow(() -> NotFound.sweep(id)),
            "f",
            formats));
  }

  private void trial(Context ctx) {
    long id = id(ctx);
    page(
        ctx,
        "trial.jte",
        Map.of(
            "v",
            trialPages.trial(id).orElseThrow(() -> new NotFound("no trial " + id)),
            "f",
            formats));
  }

  private void export(Context ctx) {
    long id = id(ctx);
    ExportFormat format =
        ExportFormat.byExtension(ctx.pathParam("format"))
            .orElseThrow(() -> new NotFound("no export format " + ctx.pathParam("format")));
    SweepResults results =
        store.read(h -> SweepResultsQuery.find(h, id)).orElseThrow(() -> NotFound.sweep(id));
    String file = "sweep-" + id + "-" + slug(results.sweepName()) + "." + format.extension();
    ctx.contentType(format.mediaType())
        .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .result(format.table().render(results));
  }

  /** The sweep's report, as {@code ./memefusion report} writes it: the PDF or its Markdown twin. */
  private void report(Context ctx, boolean pdf) {
    long id = id(ctx);
    ReportFiles.Report report = reports.render(id).orElseThrow(() -> NotFound.sweep(id));
    String name = sweepPages.summary(id).map(s -> slug(s.name())).orElse("sweep");
    String file = "report-sweep-" + id + "-" + name + (pdf ? ".pdf" : ".md");
    ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    if (pdf) {
      ctx.contentType("application/pdf").result(report.pdf());
    } else {
      ctx.contentType("text/markdown; charset=utf-8").result(report.markdown());
    }
  }

  private static SweepPages.Params params(Context ctx) {
    return new SweepPages.Params(
        ctx.queryParam("rule"),
        ctx.queryParam("sort"),
        ctx.queryParam("dir"),
        ctx.queryParam("model"),
        ctx.queryParam("page"));
  }

  private void page(Context ctx, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    templates.render(template, params, out);
    ctx.html(out.toString());
  }

  private void notFound(Context ctx) {
    String message = ctx.attribute(MESSAGE);
    page(
        ctx,
        "error.jte",
        Map.of("status", 404, "message", message != null ? message : "no page at " + ctx.path()));
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer");
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NotFound("not an id: " + ctx.pathParam("id"));
    }
  }

  /** A file-name-safe form of a sweep name. */
  static String slug(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "sweep" : s.length() > 60 ? s.substring(0, 60) : s;
  }

  /** A missing sweep, trial or page: answered with a 404 page. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }

    static NotFound sweep(long id) {
      return new NotFound("no sweep " + id);
    }
  }
}
