package io.memefusion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.db.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the dashboard answers to requests a browser page of another site could make: other host
 * names (DNS rebinding), other methods, and a failure inside (no exception text).
 */
@Timeout(120)
class DashboardRequestsTest {

  /** One raw HTTP/1.1 exchange: the status line, headers and body as text. */
  private static String exchange(int port, String method, String path, String host)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (method
                  + " "
                  + path
                  + " HTTP/1.1\r\n"
                  + (host == null ? "" : "Host: " + host + "\r\n")
                  + "Content-Length: 0\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  private static int status(String response) {
    return Integer.parseInt(response.split(" ", 3)[1]);
  }

  @Test
  void answersOnlyToTheHostNamesItServes() throws Exception {
    int port = RecordedSweeps.get().app().port();
    for (String host :
        new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port}) {
      assertThat(status(exchange(port, "GET", "/", host))).as(host).isEqualTo(200);
    }
    for (String host :
        new String[] {
          "evil.example:" + port,
          "evil.example",
          "127.0.0.1:" + (port + 1),
          "localhost.evil.example:" + port,
          "127.0.0.1"
        }) {
      String r = exchange(port, "GET", "/", host);
      assertThat(status(r)).as(host).isEqualTo(403);
      assertThat(r).as(host).doesNotContain("sweep").contains("not served");
    }
    // static files too
    assertThat(status(exchange(port, "GET", "/style.css", "evil.example:" + port))).isEqualTo(403);
    assertThat(status(exchange(port, "GET", "/", null))).isEqualTo(400);
  }

  @Test
  void onlyGetAndHead() throws Exception {
    int port = RecordedSweeps.get().app().port();
    String host = "127.0.0.1:" + port;
    assertThat(status(exchange(port, "HEAD", "/", host))).isEqualTo(200);
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
      for (String path : new String[] {"/", "/sweeps/1", "/style.css", "/nothing"}) {
        String r = exchange(port, method, path, host);
        assertThat(status(r)).as(method + " " + path).isEqualTo(405);
        assertThat(r).as(method + " " + path).containsIgnoringCase("Allow: GET, HEAD");
      }
    }
  }

  @Test
  void aFailureShowsNoExceptionText() throws Exception {
    Database db = Database.temporary();
    DashboardApp app =
        new DashboardApp(db.jdbi(), DashboardApp.precompiledTemplates(), Clock.systemUTC())
            .start("127.0.0.1", 0);
    try {
      db.close(); // the database goes away under a running dashboard
      String r = exchange(app.port(), "GET", "/", "127.0.0.1:" + app.port());
      assertThat(status(r)).isEqualTo(500);
      assertThat(r)
          .contains("cannot reach the database")
          .doesNotContain("Exception")
          .doesNotContain("jdbi")
          .doesNotContain("org.")
          .doesNotContain("java.");
    } finally {
      app.stop();
    }
  }
}
