package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.DemoDataset;
import io.memefusion.data.FakeHub;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@org.junit.jupiter.api.Timeout(
    value = 120,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class DataCommandTest {
  @TempDir static Path demo;

  /** Exit code, standard output and error of one command line. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void writeDemo() {
    DemoDataset.write(demo, new DemoDataset.Config(60, 11, 96), 2, Progress.NONE);
  }

  private static Path copyOfDemo(Path to) throws IOException {
    try (Stream<Path> files = Files.walk(demo)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(demo.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  /** The ids the audit lists under "image problems", per line: " split: N status: id, id (..)". */
  private static Set<String> problemIds(String out) {
    Set<String> ids = new TreeSet<>();
    boolean inProblems = false;
    for (String line : out.split("\n")) {
      if (line.startsWith("image problems")) {
        inProblems = true;
        continue;
      }
      if (inProblems && line.startsWith("  ")) {
        String list = line.split(": ", 3)[2];
        int detail = list.indexOf(" (");
        Arrays.stream((detail < 0 ? list : list.substring(0, detail)).split(", "))
            .forEach(ids::add);
      } else if (inProblems) {
        break;
      }
    }
    return ids;
  }

  @Test
  void auditNamesExactlyTheDeletedAndTruncatedImages(@TempDir Path tmp) throws IOException {
    Path copy = copyOfDemo(tmp.resolve("copy"));
    List<String> ids = new ArrayList<>();
    for (String split : List.of("train.jsonl", "dev_seen.jsonl", "test_seen.jsonl")) {
      for (String line : Files.readAllLines(copy.resolve(split))) {
        ids.add(line.substring(7, 12)); // {"id":"01234",...
      }
    }
    List<String> deleted = List.of(ids.get(3), ids.get(20), ids.get(50));
    List<String> truncated = List.of(ids.get(7), ids.get(55));
    for (String id : deleted) {
      Files.delete(copy.resolve("img/" + id + ".png"));
    }
    for (String id : truncated) {
      Path png = copy.resolve("img/" + id + ".png");
      byte[] bytes = Files.readAllBytes(png);
      Files.write(png, Arrays.copyOf(bytes, bytes.length / 2));
    }

    Run r = run("data", "audit", "--data", copy.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    Set<String> expected = new TreeSet<>(deleted);
    expected.addAll(truncated);
    assertThat(problemIds(r.out())).isEqualTo(expected);
    assertThat(r.out())
        .contains("  train: 2 missing: " + deleted.get(0) + ", " + deleted.get(1))
        .contains("  train: 1 truncated: " + truncated.get(0) + " (" + truncated.get(0) + ": PNG")
        .contains("  test_seen: 1 truncated: " + truncated.get(1))
        .contains("verdict: usable, but 5 of 60 memes have no readable image");
    assertThat(r.err()).contains("checking images");
    // --strict turns image problems into a failing exit code
    assertThat(run("data", "audit", "--data", copy.toString(), "--strict").exit()).isEqualTo(1);
  }

  @Test
  void auditOfACompleteDemoIsUsableForEveryModel() {
    Run r = run("data", "audit", "--data", demo.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .containsPattern("\ntrain +train +36 +yes +13 \\(36\\.1%\\) +36 +0 +0 +0 +0 +0\n")
        .containsPattern("\ntest_seen +test +12 +yes +6 \\(50\\.0%\\) +12 ")
        .doesNotContain("image problems")
        .contains("verdict: usable: text, image and fusion models (every image readable)");
  }

  @Test
  void auditWithoutImagesSaysTextOnlyUseIsPossible(@TempDir Path tmp) throws IOException {
    Path copy = copyOfDemo(tmp.resolve("copy"));
    try (Stream<Path> images = Files.list(copy.resolve("img"))) {
      for (Path p : (Iterable<Path>) images::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(copy.resolve("img"));
    Run r = run("data", "audit", "--data", copy.toString(), "--show", "2");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "verdict: usable for text-only models: every image is missing (60 of 60; there is no"
                + " img/ folder)")
        .containsPattern("  train: 36 missing: \\d{5}, \\d{5}, \\.\\.\\.\n");
  }

  @Test
  void unusableDatasetExitsOneWithTheReason(@TempDir Path tmp) throws IOException {
    Files.writeString(
        tmp.resolve("train.jsonl"),
        "{\"id\":\"01234\",\"img\":\"img/01234.png\",\"text\":\"a\"}\n");
    Run r = run("data", "audit", "--data", tmp.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("verdict: not usable: train.jsonl has no labels")
        .contains("note: no dev split");
  }

  @Test
  void badInputIsOneLineWithoutStackTrace(@TempDir Path tmp) throws IOException {
    Files.writeString(
        tmp.resolve("train.jsonl"),
        "{\"id\":\"42953\",\"img\":\"img/42953.png\",\"label\":2,\"text\":\"a\"}\n");
    Run r = run("data", "audit", "--data", tmp.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: train.jsonl:1: id 42953: label must be 0 or 1, got 2\n");
    assertThat(run("data", "audit", "--data", tmp.toString(), "--dev", "../x").err())
        .startsWith("error: dev split must be a file name");
  }

  @Test
  void auditRefusesZeroOrNegativeJobs() {
    Run zero = run("data", "audit", "--data", demo.toString(), "--jobs", "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).isEqualTo("error: --jobs must be at least 1, got 0\n");
    assertThat(run("data", "audit", "--data", demo.toString(), "--jobs", "-3").err())
        .isEqualTo("error: --jobs must be at least 1, got -3\n");
    assertThat(run("data", "audit", "--data", demo.toString(), "--show", "-1").err())
        .isEqualTo("error: --show must be at least 1, got -1\n");
  }

  @Test
  void auditOfAFileSaysItIsAFile(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("train.jsonl"), "{}\n");
    Run r = run("data", "audit", "--data", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: data folder "
                + file
                + " is a file, not a folder (pass the folder that holds train.jsonl)\n");
  }

  @Test
  void aTrainSplitWithOneClassIsNotUsable(@TempDir Path tmp) throws IOException {
    Path copy = copyOfDemo(tmp.resolve("copy"));
    Path train = copy.resolve("train.jsonl");
    Files.writeString(
        train,
        Files.readString(train)
            .replace("\"label\":1", "\"label\":0")
            .replace("\"label\": 1", "\"label\": 0"));
    Run r = run("data", "audit", "--data", copy.toString());
    assertThat(r.exit()).as(r.out()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "verdict: not usable: train.jsonl has one class only (all 36 memes are labeled 0):"
                + " nothing to learn");
  }

  @Test
  void aZeroByteSplitIsReportedAsEmpty(@TempDir Path tmp) throws IOException {
    Path copy = copyOfDemo(tmp.resolve("copy"));
    Files.write(copy.resolve("dev_seen.jsonl"), new byte[0]);
    Run r = run("data", "audit", "--data", copy.toString());
    assertThat(r.out())
        .contains("note: dev split dev_seen is empty: dev_seen.jsonl has no memes")
        .doesNotContain("unlabeled");
    Files.write(copy.resolve("train.jsonl"), new byte[0]);
    Run t = run("data", "audit", "--data", copy.toString());
    assertThat(t.exit()).isEqualTo(1);
    assertThat(t.out()).contains("verdict: not usable: train.jsonl is empty: it has no memes");
  }

  @Test
  void fifosAndOversizedFilesInImgAreCountedNotOpened(@TempDir Path tmp) throws Exception {
    Path copy = copyOfDemo(tmp.resolve("copy"));
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(copy.resolve("train.jsonl"))) {
      ids.add(line.substring(7, 12));
    }
    Path fifo = copy.resolve("img/" + ids.get(0) + ".png");
    Files.delete(fifo);
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    // a sparse 3 GB file with a PNG signature: checked by its size, never read
    Path huge = copy.resolve("img/" + ids.get(1) + ".png");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      f.setLength(3L << 30);
    }
    Run r = run("data", "audit", "--data", copy.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains(
            "  train: 1 too large: "
                + ids.get(1)
                + " ("
                + ids.get(1)
                + ": file of 3072 MB (limit 256 MB))")
        .contains(
            "  train: 1 unreadable: "
                + ids.get(0)
                + " ("
                + ids.get(0)
                + ": not a regular file (a FIFO, device or socket))");
  }

  @Test
  void demoCommandWritesIntoTheHomeFolderByDefault(@TempDir Path home) {
    Run r = run("data", "demo", "--home", home.toString(), "--n", "30", "--image-size", "64");
    assertThat(r.exit()).as(r.err()).isZero();
    Path dir = home.resolve("data/demo");
    assertThat(r.out())
        .contains("demo dataset: 30 memes in " + dir)
        .contains("train        18 memes,  33.3% hateful")
        .contains("next: memefusion data audit --data " + dir);
    assertThat(dir.resolve("train.jsonl")).exists();
    assertThat(run("data", "demo", "--out", dir.toString(), "--n", "3").err())
        .isEqualTo("error: demo size n must be in 20..50000, got 3\n");
  }

  @Test
  void fetchReportsWhatArrivedAndNamesFailedFiles(@TempDir Path out) throws IOException {
    try (FakeHub hub = new FakeHub()) {
      Run r =
          run(
              "data",
              "fetch",
              "--repo",
              FakeHub.REPO,
              "--endpoint",
              hub.endpoint().toString(),
              "--out",
              out.toString(),
              "--jobs",
              "2");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.out())
          .contains("7 files in " + out + ": 6 downloaded (")
          .contains("3 retries, 1 failed")
          .contains("  failed: img/bad.png: sha256 mismatch: expected ")
          .contains("run the same command again to resume");
      assertThat(r.err()).contains("downloading org/memes");
      assertThat(out.resolve("img/c.png")).exists();
    }
  }
}
