package io.memefusion.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's own layers (the harness's are checked by the harness's {@code LayersTest}): the
 * read-only {@code store} and the SVG {@code charts} below the {@code web} pages, below the app and
 * its command in {@code io.memefusion.dashboard} itself; no cycle between them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardLayersTest {
  private static final JavaClasses DASHBOARD =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.memefusion.dashboard");

  @Test
  void theDashboardHasNoPackageCycle() {
    assertThat(DASHBOARD.size()).isGreaterThan(20);
    slices().matching("io.memefusion.dashboard.(*)..").should().beFreeOfCycles().check(DASHBOARD);
  }

  @Test
  void storeAndChartsUseNeitherThePagesNorTheApp() {
    noClasses()
        .that()
        .resideInAnyPackage("io.memefusion.dashboard.store..", "io.memefusion.dashboard.charts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.memefusion.dashboard.web..", "io.memefusion.dashboard")
        .check(DASHBOARD);
  }

  @Test
  void storeAndChartsAreIndependent() {
    noClasses()
        .that()
        .resideInAPackage("io.memefusion.dashboard.store..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.memefusion.dashboard.charts..")
        .check(DASHBOARD);
    noClasses()
        .that()
        .resideInAPackage("io.memefusion.dashboard.charts..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.memefusion.dashboard.store..")
        .check(DASHBOARD);
  }

  @Test
  void thePagesDoNotUseTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.memefusion.dashboard.web..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.memefusion.dashboard")
        .check(DASHBOARD);
  }
}
