package io.memefusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Small units: no main source file of either module is over {@link #MAX_LINES} lines (STYLE.md:
 * classes under ~400 lines). A file that grows past it is split by responsibility, not exempted.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SourceSizeTest {
  static final int MAX_LINES = 400;

  /** The main sources of both modules, from the harness module's folder (Maven's working dir). */
  private static final List<Path> ROOTS =
      List.of(Path.of("src", "main", "java"), Path.of("..", "dashboard", "src", "main", "java"));

  @Test
  void noMainSourceFileIsOverTheLimit() {
    Map<String, Long> sizes = new TreeMap<>();
    for (Path root : ROOTS) {
      assertThat(root).isDirectory();
      sizes.putAll(lineCounts(root));
    }
    assertThat(sizes).hasSizeGreaterThan(300);
    assertThat(over(sizes, MAX_LINES))
        .as("main source files over " + MAX_LINES + " lines")
        .isEmpty();
  }

  @Test
  void theCheckFindsAFileOverTheLimit() {
    Map<String, Long> sizes = Map.of("Big.java", 401L, "Small.java", 400L);
    assertThat(over(sizes, MAX_LINES)).containsExactly(Map.entry("Big.java", 401L));
  }

  private static Map<String, Long> over(Map<String, Long> sizes, int max) {
    Map<String, Long> out = new TreeMap<>();
    sizes.forEach(
        (file, lines) -> {
          if (lines > max) {
            out.put(file, lines);
          }
        });
    return out;
  }

  private static Map<String, Long> lineCounts(Path root) {
    Map<String, Long> sizes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        try (Stream<String> lines = Files.lines(f)) {
          sizes.put(root.relativize(f).toString(), lines.count());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sizes;
  }
}
