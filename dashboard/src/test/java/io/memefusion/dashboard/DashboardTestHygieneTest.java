package io.memefusion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.memefusion.TestHygiene;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's test classes obey {@link TestHygiene} (the rules themselves are shown to fail by
 * the harness's {@code TestHygieneTest}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DashboardTestHygieneTest {
  @Test
  void everyTestClassIsTimedAndNoneSleepsOrOrdersItsTests() {
    JavaClasses tests =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("io.memefusion.dashboard");
    assertThat(tests.stream().filter(c -> c.getSimpleName().endsWith("Test")).count())
        .isGreaterThan(10);
    for (ArchRule rule : TestHygiene.rules()) {
      rule.check(tests);
    }
  }
}
