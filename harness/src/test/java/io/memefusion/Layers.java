package io.memefusion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The package layers of memefusion, lowest first. A class may use classes of its own layer and of
 * the layers below it, never of a layer above: data flows one way, dataset → cached features →
 * heads → predictions → metrics → PostgreSQL → results → analyses → exports and reports → command
 * line → dashboard.
 *
 * <p>Where the packages outside the study's main line sit, and why:
 *
 * <ul>
 *   <li>{@code io.memefusion} itself ({@code UserException}), {@code config} (the home folder) and
 *       {@code progress} are used by every stage and use nothing of memefusion: the base.
 *   <li>{@code db} holds the DAOs and their row records; it knows datasets (it records them) but no
 *       stage above; {@code features.cache} stores feature sets through it, so it sits below {@code
 *       features}.
 *   <li>{@code eval} is metrics on arrays (AUROC, thresholds, bootstrap, calibration, confounders):
 *       it needs datasets only, and the heads' training uses it (dev AUROC per epoch), so it sits
 *       below {@code heads}. What scores a trained head ({@code ProbaFunction}, {@code
 *       ModalityReliance}) needs the heads' feature rows, so it lives in {@code heads}.
 *   <li>{@code results} is dev-based model selection over a sweep's recorded trials; {@code
 *       analysis}, {@code export}, {@code report} and the dashboard read it.
 *   <li>{@code export} keeps the formats (Markdown, CSV, LaTeX, text); {@code report} uses them, so
 *       {@code export} sits below {@code report}.
 *   <li>{@code bench} measures extraction and sweeps with the stages above; only the command line
 *       calls it.
 *   <li>The dashboard (another module) sits on top: {@code dashboard.store} (read-only queries) and
 *       {@code dashboard.charts} (SVG) below {@code dashboard.web} (pages), below the app itself.
 * </ul>
 */
public final class Layers {
  private Layers() {}

  /**
   * The layers of the harness, lowest first; each entry is a layer. The dashboard module sits on
   * top of {@code cli} (its {@code DashboardLayersTest} checks its own packages).
   */
  public static final List<List<String>> MEMEFUSION =
      List.of(
          List.of("", "config..", "progress.."),
          List.of("data.."),
          List.of("db.."),
          List.of("features.."),
          List.of("eval.."),
          List.of("heads.."),
          List.of("sweep.."),
          List.of("results.."),
          List.of("analysis.."),
          List.of("export.."),
          List.of("report.."),
          List.of("bench.."),
          List.of("cli.."));

  /**
   * One rule per layer: no class of the layer depends on a class of a layer above it. {@code root}
   * is the base package; {@code ""} in a layer means the base package itself.
   */
  public static List<ArchRule> layerRules(String root, List<List<String>> layers) {
    List<ArchRule> rules = new ArrayList<>();
    for (int i = 0; i < layers.size() - 1; i++) {
      List<String> above = new ArrayList<>();
      for (List<String> layer : layers.subList(i + 1, layers.size())) {
        above.addAll(packages(root, layer));
      }
      rules.add(
          noClasses()
              .that()
              .resideInAnyPackage(packages(root, layers.get(i)).toArray(String[]::new))
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(above.toArray(String[]::new))
              .as(
                  "classes in "
                      + packages(root, layers.get(i))
                      + " must not use the layers above them "
                      + above));
    }
    return rules;
  }

  /** No cycle between the top-level packages under {@code root} (sub-packages count as theirs). */
  public static ArchRule noCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /** No cycle between any two packages below {@code root}, sub-packages included. */
  public static ArchRule noSubPackageCycles(String root) {
    return slices().matching(root + ".(**)").should().beFreeOfCycles();
  }

  private static List<String> packages(String root, List<String> layer) {
    return Arrays.asList(
        layer.stream().map(p -> p.isEmpty() ? root : root + "." + p).toArray(String[]::new));
  }
}
