package io.memefusion.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local imitation of the Hugging Face Hub's dataset endpoints for repo {@code org/memes}: a tree
 * listing in two pages linked by {@code Link: rel="next"}, and {@code resolve} downloads that
 * misbehave on purpose: {@code img/a.png} answers 429 once, {@code img/b.png} 503 once, {@code
 * img/c.png} cuts the connection mid-file once (then serves Range requests), {@code img/bad.png}
 * does not match its listed sha256 and {@code img/moved.png} redirects to another host name.
 */
public final class FakeHub implements AutoCloseable {
  public static final String REPO = "org/memes";
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final java.util.Set<String> stallOnce = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);
  private final Map<String, ModelFile> models = new ConcurrentHashMap<>();

  /**
   * A file of a model repo: its content, the sha256 the listing gives (null: the real one), and how
   * many first requests are cut off mid-file.
   */
  private record ModelFile(byte[] content, String listedSha256, int cutFirst) {}

  /** "path Range-header Authorization-header" of every download request, in order. */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  /** Model listings asked for ({@code /api/models/REPO/tree/REV}); not in {@link #requests}. */
  public final AtomicInteger listings = new AtomicInteger();

  public FakeHub() throws IOException {
    files.put("train.jsonl", "{\"id\":\"01234\"}\n".getBytes(StandardCharsets.UTF_8));
    files.put("README.md", "# memes\n".getBytes(StandardCharsets.UTF_8));
    files.put("img/a.png", bytes(3000, 1));
    files.put("img/b.png", bytes(4000, 2));
    files.put("img/c.png", bytes(100_000, 3));
    files.put("img/bad.png", bytes(500, 4));
    files.put("img/moved.png", bytes(700, 5));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/api/datasets/" + REPO + "/tree/main", this::tree);
    server.createContext("/datasets/" + REPO + "/resolve/main/", this::resolve);
    server.createContext("/cdn/", this::cdn);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Serves {@code content} as {@code path} of model repo {@code repo} at every revision: a tree
   * listing at {@code /api/models/REPO/tree/REV} (with the LFS sha256 {@code listedSha256}, or the
   * real one when null) and downloads at {@code /REPO/resolve/REV/PATH}, whose first {@code
   * cutFirst} answers promise the whole file but send half of it (later ones serve Range requests).
   */
  public void model(String repo, String path, byte[] content, String listedSha256, int cutFirst) {
    boolean first = models.keySet().stream().noneMatch(k -> k.startsWith(repo + "/"));
    models.put(repo + "/" + path, new ModelFile(content, listedSha256, cutFirst));
    if (first) {
      server.createContext("/api/models/" + repo + "/tree/", ex -> modelTree(ex, repo));
      server.createContext("/" + repo + "/resolve/", ex -> modelResolve(ex, repo));
    }
  }

  private void modelTree(HttpExchange ex, String repo) throws IOException {
    listings.incrementAndGet();
    ObjectMapper json = new ObjectMapper();
    ArrayNode page = json.createArrayNode();
    models.forEach(
        (key, f) -> {
          if (key.startsWith(repo + "/")) {
            ObjectNode entry =
                page.addObject()
                    .put("type", "file")
                    .put("path", key.substring(repo.length() + 1))
                    .put("size", f.content().length);
            entry
                .putObject("lfs")
                .put(
                    "oid",
                    f.listedSha256() != null ? f.listedSha256() : hex("SHA-256", f.content()))
                .put("size", f.content().length);
          }
        });
    send(ex, 200, json.writeValueAsBytes(page));
  }

  private void modelResolve(HttpExchange ex, String repo) throws IOException {
    String rest = ex.getRequestURI().getPath().substring(("/" + repo + "/resolve/").length());
    String path = rest.substring(rest.indexOf('/') + 1);
    String range = ex.getRequestHeaders().getFirst("Range");
    requests.add(
        repo + "/" + path + " " + range + " " + ex.getRequestHeaders().getFirst("Authorization"));
    int hit = hits.computeIfAbsent(repo + "/" + path, p -> new AtomicInteger()).incrementAndGet();
    ModelFile f = models.get(repo + "/" + path);
    if (f == null) {
      send(ex, 404, new byte[0]);
      return;
    }
    if (hit <= f.cutFirst()) {
      ex.sendResponseHeaders(200, f.content().length);
      OutputStream out = ex.getResponseBody();
      out.write(f.content(), 0, f.content().length / 2);
      out.flush();
      ex.close();
      return;
    }
    serve(ex, f.content(), range);
  }

  public byte[] content(String path) {
    return files.get(path);
  }

  /**
   * The next successful download of {@code path} promises the whole file, sends half of it and then
   * sends nothing more, holding the connection open until the hub closes.
   */
  public void stallOnce(String path) {
    stallOnce.add(path);
  }

  public int hits(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  private void tree(HttpExchange ex) throws IOException {
    boolean second = String.valueOf(ex.getRequestURI().getQuery()).contains("cursor=2");
    ObjectMapper json = new ObjectMapper();
    ArrayNode page = json.createArrayNode();
    List<String> paths = new ArrayList<>(files.keySet());
    if (!second) {
      page.addObject().put("type", "directory").put("path", "img").put("size", 0);
    }
    for (String path : second ? paths.subList(3, paths.size()) : paths.subList(0, 3)) {
      ObjectNode entry = page.addObject().put("type", "file").put("path", path);
      byte[] content = files.get(path);
      entry.put("size", content.length);
      if (path.endsWith(".png")) {
        entry.put("oid", "0000000000000000000000000000000000000000");
        byte[] listed =
            path.equals("img/bad.png") ? "other".getBytes(StandardCharsets.UTF_8) : content;
        entry
            .putObject("lfs")
            .put("oid", hex("SHA-256", listed))
            .put("size", content.length)
            .put("pointerSize", 130);
      } else {
        byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] blob = new byte[header.length + content.length];
        System.arraycopy(header, 0, blob, 0, header.length);
        System.arraycopy(content, 0, blob, header.length, content.length);
        entry.put("oid", hex("SHA-1", blob));
      }
    }
    if (!second) {
      ex.getResponseHeaders()
          .add(
              "Link",
              "<"
                  + endpoint()
                  + "/api/datasets/"
                  + REPO
                  + "/tree/main?recursive=true&cursor=2>; rel=\"next\"");
    }
    send(ex, 200, json.writeValueAsBytes(page));
  }

  private void resolve(HttpExchange ex) throws IOException {
    String prefix = "/datasets/" + REPO + "/resolve/main/";
    String path = ex.getRequestURI().getPath().substring(prefix.length());
    String range = ex.getRequestHeaders().getFirst("Range");
    requests.add(path + " " + range + " " + ex.getRequestHeaders().getFirst("Authorization"));
    int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    byte[] content = files.get(path);
    if (content == null) {
      send(ex, 404, new byte[0]);
      return;
    }
    if (path.equals("img/a.png") && hit == 1) {
      ex.getResponseHeaders().add("Retry-After", "0");
      send(ex, 429, "slow down".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (path.equals("img/b.png") && hit == 1) {
      send(ex, 503, "busy".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (path.equals("img/c.png") && hit == 1) {
      // promise the whole file, send half, then drop the connection
      ex.sendResponseHeaders(200, content.length);
      OutputStream out = ex.getResponseBody();
      out.write(content, 0, content.length / 2);
      out.flush();
      ex.close();
      return;
    }
    if (range == null && stallOnce.remove(path)) {
      ex.sendResponseHeaders(200, content.length);
      OutputStream out = ex.getResponseBody();
      out.write(content, 0, content.length / 2);
      out.flush();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    if (path.equals("img/moved.png")) {
      ex.getResponseHeaders()
          .add("Location", "http://localhost:" + server.getAddress().getPort() + "/cdn/moved.png");
      send(ex, 302, new byte[0]);
      return;
    }
    serve(ex, content, range);
  }

  private void cdn(HttpExchange ex) throws IOException {
    requests.add(
        "cdn"
            + ex.getRequestURI().getPath().substring(4)
            + " "
            + ex.getRequestHeaders().getFirst("Range")
            + " "
            + ex.getRequestHeaders().getFirst("Authorization"));
    serve(ex, files.get("img/moved.png"), ex.getRequestHeaders().getFirst("Range"));
  }

  private static void serve(HttpExchange ex, byte[] content, String range) throws IOException {
    if (range != null && range.startsWith("bytes=")) {
      int from = Integer.parseInt(range.substring(6, range.indexOf('-')));
      ex.getResponseHeaders()
          .add(
              "Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
      byte[] rest = java.util.Arrays.copyOfRange(content, from, content.length);
      send(ex, 206, rest);
      return;
    }
    send(ex, 200, content);
  }

  private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
