package io.memefusion.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Without Chromium the browser test fails with the install command, unless skipped on request. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class BrowserRequirementTest {
  @TempDir Path tmp;

  @Test
  void aMissingBrowserFailsNamingTheInstallAndTheOptOut() {
    Path chromium = tmp.resolve("chromium");
    Path driver = tmp.resolve("chromedriver");
    assertThatThrownBy(() -> BrowserRequirement.check(chromium, driver, false))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(chromium.toString())
        .hasMessageContaining("apt-get install chromium chromium-driver")
        .hasMessageContaining("-Dmemefusion.skipBrowserTest=true");
  }

  @Test
  void theTestIsSkippedOnlyWhenAskedFor() {
    Path sh = Path.of("/bin/sh"); // an executable stands in for both
    assertThatThrownBy(() -> BrowserRequirement.check(tmp.resolve("none"), sh, true))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("memefusion.skipBrowserTest");
    assertThatThrownBy(() -> BrowserRequirement.check(sh, sh, true))
        .isInstanceOf(TestAbortedException.class);
    assertThatCode(() -> BrowserRequirement.check(sh, sh, false)).doesNotThrowAnyException();
  }
}
