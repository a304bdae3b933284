package io.memefusion.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MemeTextsTest {
  @TempDir Path dir;

  @Test
  void readsTheTextsOfTheAskedIds() throws IOException {
    Path jsonl =
        Files.writeString(
            dir.resolve("dev.jsonl"),
            "{\"id\":\"1\",\"img\":\"img/1.png\",\"text\":\"a cat\"}\n"
                + "not json\n"
                + "{\"id\":\"2\",\"img\":\"img/2.png\",\"text\":\"a dog\"}\n");
    assertThat(new MemeTexts().lookup(jsonl, Set.of("2"))).containsExactly(Map.entry("2", "a dog"));
  }

  @Test
  void aSplitFileThatIsAFifoIsNotOpened() throws Exception {
    Path fifo = dir.resolve("dev.jsonl");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    // opening a FIFO for reading blocks until a writer comes: the page would hang
    assertThatThrownBy(() -> new MemeTexts().lookup(fifo, Set.of("1")))
        .isInstanceOf(IOException.class)
        .hasMessage("not a regular file (a FIFO, device or socket)");
  }
}
