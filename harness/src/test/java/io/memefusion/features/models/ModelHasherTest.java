package io.memefusion.features.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ModelHasherTest {
  @Test
  void remembersTheHashUntilAFileChanges(@TempDir Path dir) throws Exception {
    Path model = Files.createDirectories(dir.resolve("model/variables"));
    Files.writeString(dir.resolve("model/saved_model.pb"), "graph");
    Files.writeString(model.resolve("variables.index"), "index");
    ModelHasher hasher = new ModelHasher(dir.resolve("memo"));
    ModelInstallerTest.CountingProgress first = new ModelInstallerTest.CountingProgress();
    String h = hasher.hash(dir.resolve("model"), first);
    assertThat(first.tasks).hasSize(1);

    ModelInstallerTest.CountingProgress second = new ModelInstallerTest.CountingProgress();
    assertThat(hasher.hash(dir.resolve("model"), second)).isEqualTo(h);
    assertThat(second.tasks).as("read from the memo, files not hashed again").isEmpty();

    // our own metadata file does not count
    Files.writeString(dir.resolve("model/" + ModelInstaller.METADATA), "{}");
    assertThat(hasher.hash(dir.resolve("model"), second)).isEqualTo(h);

    Files.writeString(model.resolve("variables.index"), "other");
    Files.setLastModifiedTime(model.resolve("variables.index"), FileTime.fromMillis(1000));
    assertThat(hasher.hash(dir.resolve("model"), second)).isNotEqualTo(h);
  }
}
