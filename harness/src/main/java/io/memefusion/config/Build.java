package io.memefusion.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The memefusion build: the Maven version stamped into {@code build.properties}. */
public final class Build {
  private Build() {}

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; "dev" when run from unbuilt sources. */
  public static String version() {
    try (InputStream in = Build.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read build.properties", e);
    }
  }

  /**
   * The version with the git commit the launcher found ({@code abc123def456}, "+changes" when the
   * checkout had uncommitted edits); just the version without one.
   */
  public static String describe(String commit) {
    return commit == null || commit.isBlank()
        ? version()
        : version() + " (git " + commit.trim() + ")";
  }
}
