package io.memefusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness's test classes obey {@link TestHygiene}: a timeout each, no sleeping, no order. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TestHygieneTest {
  private static final String FIXTURES = "io.memefusion.archfixture";

  @Test
  void everyTestClassIsTimedAndNoneSleepsOrOrdersItsTests() {
    JavaClasses tests =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/archfixture/"))
            .importPackages("io.memefusion");
    assertThat(tests.stream().filter(c -> c.getSimpleName().endsWith("Test")).count())
        .isGreaterThan(60);
    for (ArchRule rule : TestHygiene.rules()) {
      rule.check(tests);
    }
  }

  @Test
  void anUntimedSleepingTestFailsBothRules() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(FIXTURES + ".hygiene");
    assertThatThrownBy(() -> TestHygiene.everyTestClassHasATimeout().check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Untimed has tests but no class-level @Timeout");
    assertThatThrownBy(() -> TestHygiene.noTestSleeps().check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Thread.sleep");
  }
}
