package io.memefusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness's packages: no cycle, no import up the layers of {@link Layers}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LayersTest {
  private static final JavaClasses HARNESS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.memefusion");

  @Test
  void theHarnessHasNoPackageCycle() {
    assertThat(HARNESS.size()).isGreaterThan(200);
    Layers.noCycles("io.memefusion").check(HARNESS);
  }

  @Test
  void noTwoPackagesOfTheHarnessFormACycleSubPackagesIncluded() {
    Layers.noSubPackageCycles("io.memefusion").check(HARNESS);
  }

  @Test
  void noHarnessClassUsesALayerAboveItsOwn() {
    for (ArchRule rule : Layers.layerRules("io.memefusion", Layers.MEMEFUSION)) {
      rule.check(HARNESS);
    }
  }

  // the rules themselves, on two small packages made to break them (test sources only)

  private static final JavaClasses FIXTURES =
      new ClassFileImporter().importPackages("io.memefusion.archfixture");

  @Test
  void anImportUpTheLayersFails() {
    List<ArchRule> rules =
        Layers.layerRules(
            "io.memefusion.archfixture.layered", List.of(List.of("data.."), List.of("sweep..")));
    assertThatThrownBy(() -> rules.get(0).check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("archfixture.layered.data.UsesSweep")
        .hasMessageContaining("archfixture.layered.sweep.Sweep");
  }

  @Test
  void aPackageCycleFails() {
    assertThatThrownBy(() -> Layers.noCycles("io.memefusion.archfixture.cyclic").check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
  }

  @Test
  void aCycleBetweenAPackageAndItsSubPackageFails() {
    assertThatThrownBy(() -> Layers.noSubPackageCycles("io.memefusion.archfixture").check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected")
        .hasMessageContaining("archfixture.nested.Outer")
        .hasMessageContaining("archfixture.nested.inner.Inner");
  }
}
