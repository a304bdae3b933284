package io.memefusion.dashboard;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.memefusion.db.ConnectionLoss;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders templates into responses, and the error pages (404, 500) in words. */
final class Pages {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardApp.class);

  /** The request attribute carrying a 404's message to {@link #notFound}. */
  static final String MESSAGE = "memefusion.message";

  private final TemplateEngine templates;

  Pages(TemplateEngine templates) {
    this.templates = Objects.requireNonNull(templates, "templates");
  }

  void page(Context ctx, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    templates.render(template, params, out);
    ctx.html(out.toString());
  }

  /** A 500 page that says what happened in words, never the exception's text. */
  void failed(Exception e, Context ctx) {
    boolean lost = ConnectionLoss.in(e);
    String message =
        lost
            ? "cannot reach the database: is it still running? Reload the page when it is back."
            : "this page failed; the dashboard's terminal says more with --debug.";
    LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), lost ? "database unreachable" : message);
    LOG.debug("{} {} failed", ctx.method(), ctx.path(), e);
    page(
        ctx.status(HttpStatus.INTERNAL_SERVER_ERROR),
        "error.jte",
        Map.of("status", 500, "message", message));
  }

  void notFound(Context ctx) {
    String message = ctx.attribute(MESSAGE);
    page(
        ctx,
        "error.jte",
        Map.of("status", 404, "message", message != null ? message : "no page at " + ctx.path()));
  }

  static long id(Context ctx) {
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
}
