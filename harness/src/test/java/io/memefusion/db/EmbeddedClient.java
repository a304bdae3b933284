package io.memefusion.db;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A separate process using the home folder's embedded PostgreSQL, driven line by line on stdin
 * ({@code query}, {@code exit}); the tests start several at once.
 */
public final class EmbeddedClient {
  private EmbeddedClient() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Database db = Database.embedded(Path.of(args[0]))) {
      System.out.println(
          "connected "
              + db.jdbi().withHandle(h -> h.select("SHOW port").mapTo(String.class).one()));
      System.out.flush();
      for (String line = in.readLine();
          line != null && !line.equals("exit");
          line = in.readLine()) {
        try {
          int one = db.jdbi().withHandle(h -> h.select("SELECT 1").mapTo(Integer.class).one());
          System.out.println("ok " + one);
        } catch (RuntimeException e) {
          System.out.println("failed " + e);
        }
        System.out.flush();
      }
    }
    System.out.println("closed");
    System.out.flush();
  }
}
