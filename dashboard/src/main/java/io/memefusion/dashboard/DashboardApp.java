package io.memefusion.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.web.ComparePages;
import io.memefusion.dashboard.web.ConfigurationPages;
import io.memefusion.dashboard.web.Formats;
import io.memefusion.dashboard.web.MemeImages;
import io.memefusion.dashboard.web.MemeTexts;
import io.memefusion.dashboard.web.ReportFiles;
import io.memefusion.dashboard.web.SweepPages;
import io.memefusion.dashboard.web.TrialPages;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The dashboard web app: the sweeps list, sweep pages, trial pages and exports, read-only over the
 * store. Full pages and the htmx fragments they are made of are rendered by the same templates.
 */
public final class DashboardApp {
  /** Where the htmx webjar serves its script; the version is pinned in the parent pom. */
  public static final String HTMX_PATH = "/webjars/htmx.org/2.0.8/dist/htmx.min.js";

  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final Pages pages;
  private final PageHandlers handlers;
  private final DownloadHandlers downloads;
  private Javalin server;

  public DashboardApp(Jdbi jdbi, TemplateEngine templates, Clock clock) {
    this.pages = new Pages(templates);
    DashboardStore store = new DashboardStore(jdbi);
    Formats formats = new Formats(clock);
    MemeImages memeImages = new MemeImages(store);
    SweepPages sweepPages = new SweepPages(store, formats, memeImages);
    this.handlers =
        new PageHandlers(
            pages,
            formats,
            sweepPages,
            new TrialPages(store, new MemeTexts()),
            new ConfigurationPages(store),
            new ComparePages(store),
            memeImages);
    this.downloads = new DownloadHandlers(store, new ReportFiles(store, clock), sweepPages);
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
    RequestGuard guard = new RequestGuard(host);
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.staticFiles.add("/public", Location.CLASSPATH);
                  config.staticFiles.enableWebjars();
                  config.routes.before(
                      ctx -> {
                        securityHeaders(ctx);
                        guard.check(ctx, ctx.req().getLocalPort());
                      });
                  config.routes.get("/", handlers::sweeps);
                  config.routes.get("/sweeps", handlers::sweeps);
                  config.routes.get("/sweeps/{id}", handlers::sweep);
                  config.routes.get("/sweeps/{id}/row", handlers::sweepRow);
                  config.routes.get("/sweeps/{id}/live", handlers::sweepLive);
                  config.routes.get("/sweeps/{id}/trials", handlers::trials);
                  config.routes.get("/sweeps/{id}/configurations", handlers::configurations);
                  config.routes.get("/sweeps/{id}/parallel", handlers::parallel);
                  config.routes.get(
                      "/sweeps/{id}/configurations/{model}/{config}", handlers::configuration);
                  config.routes.get("/sweeps/{id}/memes/{meme}", handlers::meme);
                  config.routes.get("/compare", handlers::compare);
                  config.routes.get("/sweeps/{id}/export/{format}", downloads::export);
                  config.routes.get("/sweeps/{id}/report.pdf", ctx -> downloads.report(ctx, true));
                  config.routes.get("/sweeps/{id}/report.md", ctx -> downloads.report(ctx, false));
                  config.routes.get("/trials/{id}", handlers::trial);
                  config.routes.exception(
                      NotFound.class,
                      (e, ctx) ->
                          ctx.status(HttpStatus.NOT_FOUND)
                              .attribute(Pages.MESSAGE, e.getMessage()));
                  config.routes.exception(
                      ReportFiles.NoAnalysis.class,
                      (e, ctx) ->
                          pages.page(
                              ctx.status(HttpStatus.CONFLICT),
                              "error.jte",
                              Map.of("status", 409, "message", e.getMessage())));
                  config.routes.exception(
                      RequestGuard.Refused.class,
                      (e, ctx) ->
                          ctx.status(e.status)
                              .contentType("text/plain; charset=utf-8")
                              .result(e.getMessage() + "\n"));
                  config.routes.exception(Exception.class, pages::failed);
                  config.routes.error(404, pages::notFound);
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

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer");
  }
}
