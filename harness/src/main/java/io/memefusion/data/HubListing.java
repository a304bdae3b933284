package io.memefusion.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file list of a Hub repository: {@code GET {endpoint}/api/{datasets|models}/{repo}/tree/
 * {revision}?recursive=true}, following {@code Link: <...>; rel="next"} pages, each page retried
 * like a download; a refused (gated) or missing repository is one line saying what to do.
 */
final class HubListing {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

  private final HubClient hub;
  private final HubClient.Config config;
  private final String base;

  HubListing(HubClient hub, HubClient.Config config, String base) {
    this.hub = hub;
    this.config = config;
    this.base = base;
  }

  /** Lists the files of a dataset or model {@code repo} at {@code revision}, all pages. */
  List<HubClient.RemoteFile> list(HubClient.RepoType type, String repo, String revision) {
    URI uri =
        URI.create(
            base
                + "/api/"
                + type.api
                + "/"
                + repo
                + "/tree/"
                + URLEncoder.encode(revision, StandardCharsets.UTF_8)
                + "?recursive=true");
    List<HubClient.RemoteFile> files = new ArrayList<>();
    Retry retry = new Retry(config, new AtomicInteger());
    while (uri != null) {
      HttpResponse<String> response = listPage(type, uri, retry, repo, revision);
      try {
        JsonNode page = JSON.readTree(response.body());
        if (page == null || !page.isArray()) {
          throw new UserException(
              "the file list of " + repo + " from " + uri + " is not a JSON array");
        }
        for (JsonNode entry : page) {
          if (!"file".equals(entry.path("type").asText())) {
            continue;
          }
          JsonNode lfs = entry.get("lfs");
          String sha = null;
          long size = entry.path("size").asLong(-1);
          if (lfs != null && lfs.isObject()) {
            sha =
                lfs.hasNonNull("sha256")
                    ? lfs.get("sha256").asText()
                    : lfs.path("oid").asText(null);
            size = lfs.path("size").asLong(size);
          }
          String gitOid = lfs == null && entry.hasNonNull("oid") ? entry.get("oid").asText() : null;
          files.add(new HubClient.RemoteFile(entry.path("path").asText(), size, sha, gitOid));
        }
      } catch (IOException e) {
        throw new UserException("the file list of " + repo + " from " + uri + " is not JSON", e);
      }
      uri = nextPage(uri, response);
    }
    return files;
  }

  private HttpResponse<String> listPage(
      HubClient.RepoType type, URI uri, Retry retry, String repo, String revision) {
    for (int attempt = 1; ; attempt++) {
      Optional<String> retryAfter = Optional.empty();
      try {
        HttpResponse<String> r =
            hub.http().send(hub.request(uri).build(), HttpResponse.BodyHandlers.ofString());
        int code = r.statusCode();
        if (code == 200) {
          return r;
        }
        if (code == 401 || code == 403) {
          throw new UserException(
              "the Hub refused access to "
                  + type.noun
                  + " "
                  + repo
                  + " (HTTP "
                  + code
                  + "): it may be gated; accept its terms on "
                  + base
                  + type.resolvePrefix
                  + repo
                  + " and pass --token (or set HF_TOKEN)");
        }
        if (code == 404) {
          throw new UserException(
              "no "
                  + type.noun
                  + " "
                  + repo
                  + " at revision "
                  + revision
                  + " on "
                  + base
                  + " (HTTP 404)");
        }
        if (!Retry.retryable(code) || attempt >= config.maxAttempts()) {
          throw new UserException("listing " + repo + " failed: HTTP " + code + " from " + uri);
        }
        retryAfter = r.headers().firstValue("retry-after");
      } catch (IOException e) {
        if (attempt >= config.maxAttempts()) {
          throw new UserException("cannot reach " + base + ": " + e.getMessage(), e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while listing " + repo, e);
      }
      try {
        retry.pause(attempt, retryAfter);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while listing " + repo, e);
      }
    }
  }

  /** The {@code rel="next"} page of a paginated listing, or null. */
  static URI nextPage(URI current, HttpResponse<?> response) {
    for (String link : response.headers().allValues("link")) {
      Matcher m = NEXT.matcher(link);
      if (m.find()) {
        return current.resolve(m.group(1));
      }
    }
    return null;
  }
}
