package io.memefusion.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What the browser test does without headless Chromium: it fails, naming the install, so that a
 * machine without it (a CI image, a new laptop) never passes by skipping the dashboard's only
 * end-to-end check; it is skipped only when the user asks for it with {@value #SKIP_PROPERTY}.
 */
final class BrowserRequirement {
  static final String SKIP_PROPERTY = "memefusion.skipBrowserTest";

  private BrowserRequirement() {}

  /** Throws when the test cannot or should not run: aborted (skipped) when asked, else failed. */
  static void check(Path chromium, Path driver, boolean skip) {
    Assumptions.assumeFalse(skip, "browser test skipped: -D" + SKIP_PROPERTY + "=true");
    if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
      throw new AssertionError(
          "the dashboard's browser test needs headless Chromium at "
              + chromium
              + " and its driver at "
              + driver
              + ": install them (Debian: apt-get install chromium chromium-driver), or skip"
              + " this test with -D"
              + SKIP_PROPERTY
              + "=true");
    }
  }

  /** {@link #check} for this machine, the opt-out read from the system property. */
  static void check(Path chromium, Path driver) {
    check(chromium, driver, Boolean.getBoolean(SKIP_PROPERTY));
  }
}
