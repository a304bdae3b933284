package io.memefusion.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.memefusion.dashboard.web.ComparePages;
import io.memefusion.dashboard.web.ConfigurationPages;
import io.memefusion.dashboard.web.Formats;
import io.memefusion.dashboard.web.MemeImages;
import io.memefusion.dashboard.web.SweepPages;
import io.memefusion.dashboard.web.TrialPages;
import java.util.Map;

/** The dashboard's pages and htmx fragments: sweeps, a sweep, its parts, trials, memes, compare. */
final class PageHandlers {
  private final Pages pages;
  private final Formats formats;
  private final SweepPages sweepPages;
  private final TrialPages trialPages;
  private final ConfigurationPages configurationPages;
  private final ComparePages comparePages;
  private final MemeImages memeImages;

  PageHandlers(
      Pages pages,
      Formats formats,
      SweepPages sweepPages,
      TrialPages trialPages,
      ConfigurationPages configurationPages,
      ComparePages comparePages,
      MemeImages memeImages) {
    this.pages = pages;
    this.formats = formats;
    this.sweepPages = sweepPages;
    this.trialPages = trialPages;
    this.configurationPages = configurationPages;
    this.comparePages = comparePages;
    this.memeImages = memeImages;
  }

  void sweeps(Context ctx) {
    pages.page(ctx, "sweeps.jte", Map.of("sweeps", sweepPages.sweeps(), "f", formats));
  }

  void sweepRow(Context ctx) {
    long id = Pages.id(ctx);
    pages.page(
        ctx,
        "partials/sweepRow.jte",
        Map.of("s", sweepPages.summary(id).orElseThrow(() -> NotFound.sweep(id)), "f", formats));
  }

  void sweep(Context ctx) {
    long id = Pages.id(ctx);
    pages.page(
        ctx,
        "sweep.jte",
        Map.of(
            "v",
            sweepPages.sweep(id, params(ctx)).orElseThrow(() -> NotFound.sweep(id)),
            "f",
            formats));
  }

  void sweepLive(Context ctx) {
    long id = Pages.id(ctx);
    pages.page(
        ctx,
        "partials/sweepLive.jte",
        Map.of(
            "v",
            sweepPages.sweep(id, params(ctx)).orElseThrow(() -> NotFound.sweep(id)),
            "f",
            formats));
  }

  void trials(Context ctx) {
    long id = Pages.id(ctx);
    pages.page(
        ctx,
        "partials/trialsSwap.jte",
        Map.of(
            "t",
            sweepPages.trials(id, params(ctx)).orElseThrow(() -> NotFound.sweep(id)),
            "f",
            formats));
  }

  void configurations(Context ctx) {
    long id = Pages.id(ctx);
    pages.page(
        ctx,
        "partials/configurations.jte",
        Map.of(
            "x",
            sweepPages.explore(id, params(ctx)).orElseThrow(() -> NotFound.sweep(id)),
            "f",
            formats));
  }

  void parallel(Context ctx) {
    long id = Pages.id(ctx);
    pages.page(
        ctx,
        "partials/parallel.jte",
        Map.of("x", sweepPages.explore(id, params(ctx)).orElseThrow(() -> NotFound.sweep(id))));
  }

  void configuration(Context ctx) {
    long id = Pages.id(ctx);
    String model = ctx.pathParam("model");
    String config = ctx.pathParam("config");
    pages.page(
        ctx,
        "configuration.jte",
        Map.of(
            "v",
            configurationPages
                .configuration(id, model, config, SweepPages.rule(ctx.queryParam("rule")))
                .orElseThrow(
                    () ->
                        new NotFound(
                            "no configuration " + config + " of " + model + " in sweep " + id)),
            "f",
            formats));
  }

  /** A meme's picture: only ids of the sweep's dataset; the file path never comes from here. */
  void meme(Context ctx) {
    long id = Pages.id(ctx);
    MemeImages.Image image =
        memeImages
            .image(id, ctx.pathParam("meme"))
            .orElseThrow(
                () -> new NotFound("no meme " + ctx.pathParam("meme") + " in sweep " + id));
    ctx.contentType(image.mediaType())
        .header("Cache-Control", "private, max-age=300")
        .header("X-Meme-Image", image.placeholder() ? "placeholder" : "file")
        .result(image.bytes());
  }

  /**
   * Two sweeps side by side: {@code ?a=ID&b=ID}, or the sweeps list's checkboxes ({@code
   * ?s=ID&s=ID}, redirected to the former so the address names A and B).
   */
  void compare(Context ctx) {
    java.util.List<String> picked = ctx.queryParams("s");
    if (!picked.isEmpty()) {
      if (picked.size() != 2) {
        pages.page(
            ctx.status(HttpStatus.BAD_REQUEST),
            "error.jte",
            Map.of(
                "status",
                400,
                "message",
                "tick exactly two sweeps to compare, got " + picked.size()));
        return;
      }
      long x = parse(picked.get(0));
      long y = parse(picked.get(1));
      ctx.redirect("/compare?a=" + Math.min(x, y) + "&b=" + Math.max(x, y));
      return;
    }
    long a = parse(ctx.queryParam("a"));
    long b = parse(ctx.queryParam("b"));
    pages.page(
        ctx,
        "compare.jte",
        Map.of(
            "v",
            comparePages
                .compare(a, b, SweepPages.rule(ctx.queryParam("rule")))
                .orElseThrow(() -> new NotFound("no sweep " + a + " or no sweep " + b)),
            "f",
            formats));
  }

  private static long parse(String id) {
    try {
      return Long.parseLong(id == null ? "" : id.strip());
    } catch (NumberFormatException e) {
      throw new NotFound("not a sweep id: " + id);
    }
  }

  void trial(Context ctx) {
    long id = Pages.id(ctx);
    pages.page(
        ctx,
        "trial.jte",
        Map.of(
            "v",
            trialPages.trial(id).orElseThrow(() -> new NotFound("no trial " + id)),
            "f",
            formats));
  }

  private static SweepPages.Params params(Context ctx) {
    return new SweepPages.Params(
        ctx.queryParam("rule"),
        ctx.queryParam("sort"),
        ctx.queryParam("dir"),
        ctx.queryParam("model"),
        ctx.queryParam("page"),
        ctx.queryParamMap());
  }
}
