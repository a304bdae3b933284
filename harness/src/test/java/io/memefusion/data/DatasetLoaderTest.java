package io.memefusion.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Timeout(
    value = 60,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class DatasetLoaderTest {
  @TempDir Path dir;

  private static String line(String id, Integer label, String text) {
    return "{\"id\": \""
        + id
        + "\", \"img\": \"img/"
        + id
        + ".png\""
        + (label == null ? "" : ", \"label\": " + label)
        + ", \"text\": \""
        + text
        + "\"}\n";
  }

  private void write(String file, String... lines) throws IOException {
    Files.writeString(dir.resolve(file), String.join("", lines), StandardCharsets.UTF_8);
  }

  private void writeGoodTrain() throws IOException {
    write("train.jsonl", line("01234", 0, "a cat"), line("42953", 1, "a dog"));
  }

  private String failure(String file, String... lines) throws IOException {
    if (!file.equals("train.jsonl")) {
      writeGoodTrain();
    }
    write(file, lines);
    try {
      DatasetLoader.load(dir, LayoutOptions.defaults());
    } catch (UserException e) {
      return e.getMessage();
    }
    throw new AssertionError("loading " + file + " should fail");
  }

  @Test
  void detectsSeenSplitsAndKeepsTheOthersAsExtra() throws IOException {
    writeGoodTrain();
    write("dev.jsonl", line("11111", 0, "x"));
    write("dev_seen.jsonl", line("22222", 1, "x"), line("22223", 0, "y"));
    write("dev_unseen.jsonl", line("33333", 1, "x"));
    write("test_seen.jsonl", line("44444", null, "x"));
    write("test_unseen.jsonl", line("55555", null, "x"));
    Dataset d = DatasetLoader.load(dir, LayoutOptions.defaults());
    assertThat(d.splits())
        .extracting(Split::name, Split::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("train", SplitRole.TRAIN),
            org.assertj.core.groups.Tuple.tuple("dev_seen", SplitRole.DEV),
            org.assertj.core.groups.Tuple.tuple("test_seen", SplitRole.TEST),
            org.assertj.core.groups.Tuple.tuple("dev", SplitRole.EXTRA),
            org.assertj.core.groups.Tuple.tuple("dev_unseen", SplitRole.EXTRA),
            org.assertj.core.groups.Tuple.tuple("test_unseen", SplitRole.EXTRA));
    assertThat(d.name()).isEqualTo(dir.getFileName().toString());
    assertThat(d.dev().orElseThrow().positives()).isEqualTo(1);
    assertThat(d.train().labeled()).isTrue();
    // a split without labels is unlabeled: predictions only
    Split test = d.test().orElseThrow();
    assertThat(test.labeled()).isFalse();
    assertThat(test.memes().get(0).label()).isNull();
  }

  @Test
  void fallsBackToDevAndTestAndHonoursChosenNames() throws IOException {
    writeGoodTrain();
    write("dev.jsonl", line("11111", 0, "x"));
    write("dev_unseen.jsonl", line("33333", 1, "x"));
    write("test.jsonl", line("44444", null, "x"));
    Dataset d = DatasetLoader.load(dir, LayoutOptions.defaults());
    assertThat(d.dev().orElseThrow().name()).isEqualTo("dev");
    assertThat(d.test().orElseThrow().name()).isEqualTo("test");

    Dataset chosen = DatasetLoader.load(dir, new LayoutOptions(null, "dev_unseen.jsonl", "none"));
    assertThat(chosen.dev().orElseThrow().name()).isEqualTo("dev_unseen");
    assertThat(chosen.test()).isEmpty();
    assertThat(chosen.split("dev").orElseThrow().role()).isEqualTo(SplitRole.EXTRA);

    assertThatThrownBy(() -> DatasetLoader.load(dir, new LayoutOptions(null, "dev_seen", null)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("no dev split dev_seen.jsonl in")
        .hasMessageContaining("splits there: dev, dev_unseen, test, train");
    assertThatThrownBy(() -> DatasetLoader.load(dir, new LayoutOptions(null, "train", null)))
        .hasMessage("split train cannot be both train and dev");
    assertThatThrownBy(() -> new LayoutOptions(null, "../dev", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../dev");
  }

  @Test
  void missingFolderOrTrainSplitIsOneClearLine() throws IOException {
    assertThatThrownBy(() -> DatasetLoader.load(dir.resolve("nope"), LayoutOptions.defaults()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("memefusion data demo");
    write("dev.jsonl", line("11111", 0, "x"));
    assertThatThrownBy(() -> DatasetLoader.load(dir, LayoutOptions.defaults()))
        .isInstanceOf(UserException.class)
        .hasMessage("no train.jsonl in " + dir.toAbsolutePath() + " (splits there: dev)");
  }

  @Test
  void splitHashIsTheHashOfTheFileBytes() throws Exception {
    writeGoodTrain();
    Split train = DatasetLoader.load(dir, LayoutOptions.defaults()).train();
    byte[] bytes = Files.readAllBytes(dir.resolve("train.jsonl"));
    assertThat(train.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(train.file()).isEqualTo(dir.toAbsolutePath().resolve("train.jsonl"));
  }

  @Test
  void toleratesByteOrderMarkCrlfBlankLinesIntegerIdsAndUnknownKeys() throws IOException {
    Files.write(
        dir.resolve("train.jsonl"),
        ("\uFEFF{\"id\": 42953, \"img\": \"img/42953.png\", \"label\": 0, \"text\": \"caf\u00e9\","
                + " \"extra\": [1]}\r\n\r\n"
                + line("00007", 1, "b"))
            .getBytes(StandardCharsets.UTF_8));
    Split train = DatasetLoader.load(dir, LayoutOptions.defaults()).train();
    assertThat(train.memes()).extracting(Meme::id).containsExactly("42953", "00007");
    assertThat(train.memes().get(0).text()).isEqualTo("caf\u00e9");
  }

  @Test
  void malformedJsonIsFatalNamingFileAndLine() throws IOException {
    assertThat(failure("train.jsonl", line("01234", 0, "a"), "{\"id\": \"42953\", \"img\": \n"))
        .startsWith("train.jsonl:2: malformed JSON: ");
    assertThat(
            failure("train.jsonl", line("01234", 0, "a"), line("42953", 0, "b").strip() + " x\n"))
        .startsWith("train.jsonl:2: malformed JSON: ");
    assertThat(failure("train.jsonl", "[1, 2]\n"))
        .isEqualTo("train.jsonl:1: expected a JSON object {\"id\", \"img\", \"label\", \"text\"}");
  }

  @Test
  void missingTextOrImgOrIdIsFatal() throws IOException {
    assertThat(
            failure(
                "dev_seen.jsonl", "{\"id\": \"42953\", \"img\": \"img/1.png\", \"label\": 0}\n"))
        .isEqualTo("dev_seen.jsonl:1: id 42953: missing \"text\"");
    assertThat(
            failure("train.jsonl", line("01234", 0, "a"), "{\"id\": \"42953\", \"text\": \"t\"}\n"))
        .isEqualTo("train.jsonl:2: id 42953: missing \"img\"");
    assertThat(failure("train.jsonl", "{\"img\": \"img/1.png\", \"text\": \"t\"}\n"))
        .isEqualTo("train.jsonl:1: missing \"id\"");
    assertThat(failure("train.jsonl", "{\"id\": \"1\", \"img\": \"img/1.png\", \"text\": 5}\n"))
        .isEqualTo("train.jsonl:1: id 1: \"text\" must be a string, got 5");
  }

  @Test
  void labelOtherThanZeroOrOneIsFatal() throws IOException {
    assertThat(failure("train.jsonl", line("01234", 0, "a"), line("42953", 2, "b")))
        .isEqualTo("train.jsonl:2: id 42953: label must be 0 or 1, got 2");
    assertThat(
            failure(
                "train.jsonl",
                line("01234", 0, "a"),
                line("42953", null, "b").replace("}", ", \"label\": \"1\"}")))
        .isEqualTo("train.jsonl:2: id 42953: label must be 0 or 1, got \"1\"");
  }

  @Test
  void labelsOnSomeLinesOnlyAreFatal() throws IOException {
    assertThat(failure("train.jsonl", line("01234", 0, "a"), line("42953", null, "b")))
        .isEqualTo(
            "train.jsonl:2: id 42953: has no label, but line 1 has one"
                + " (a split is labeled on every line or on none)");
  }

  @Test
  void duplicateIdInASplitIsFatal() throws IOException {
    assertThat(
            failure(
                "train.jsonl", line("42953", 0, "a"), line("01234", 0, "b"), line("42953", 1, "c")))
        .isEqualTo("train.jsonl:3: id 42953: duplicate id (first on line 1)");
  }

  @Test
  void imgOutsideTheDataFolderIsRejected() throws IOException {
    String up = "{\"id\": \"42953\", \"img\": \"../x.png\", \"label\": 0, \"text\": \"t\"}\n";
    assertThat(failure("train.jsonl", up))
        .isEqualTo("train.jsonl:1: id 42953: img \"../x.png\" points outside the data folder");
    String sneaky =
        "{\"id\": \"42953\", \"img\": \"img/../../x.png\", \"label\": 0, \"text\": \"t\"}\n";
    assertThat(failure("train.jsonl", sneaky)).contains("points outside the data folder");
    String absolute =
        "{\"id\": \"42953\", \"img\": \"/etc/passwd\", \"label\": 0, \"text\": \"t\"}\n";
    assertThat(failure("train.jsonl", absolute))
        .isEqualTo(
            "train.jsonl:1: id 42953: img \"/etc/passwd\" must be a path relative to the data"
                + " folder");
  }

  @Test
  void symlinkEscapingTheDataFolderIsRejected(@TempDir Path outside) throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.png"), "x");
    Files.createDirectories(dir.resolve("img"));
    Files.createSymbolicLink(dir.resolve("img/42953.png"), secret);
    assertThat(failure("train.jsonl", line("01234", 0, "a"), line("42953", 1, "b")))
        .startsWith("train.jsonl:2: id 42953: img \"img/42953.png\" is a link to ")
        .endsWith(", outside the data folder");
    // a link to a folder outside, and a dangling link out, are rejected too
    Files.delete(dir.resolve("img/42953.png"));
    Files.createSymbolicLink(dir.resolve("img/42953.png"), outside.resolve("gone.png"));
    assertThat(failure("train.jsonl", line("42953", 1, "b"))).contains("outside the data folder");
    Files.delete(dir.resolve("img/42953.png"));
    Files.delete(dir.resolve("img"));
    Files.createSymbolicLink(dir.resolve("img"), outside);
    assertThat(failure("train.jsonl", line("01234", 0, "a")))
        .startsWith("train.jsonl:1: id 01234: img \"img/01234.png\" is a link to ");
  }

  @Test
  void linksInsideTheFolderAreFine() throws IOException {
    Files.createDirectories(dir.resolve("img"));
    Files.writeString(dir.resolve("img/real.png"), "x");
    Files.createSymbolicLink(dir.resolve("img/42953.png"), Path.of("real.png"));
    write("train.jsonl", line("42953", 1, "b"));
    assertThat(DatasetLoader.load(dir, LayoutOptions.defaults()).train().memes()).hasSize(1);
  }

  @Test
  void emptyTextIsKeptAndCounted() throws IOException {
    write("train.jsonl", line("01234", 0, ""), line("42953", 1, "b"), line("00001", 0, "  "));
    LoadedDataset loaded = DatasetLoader.read(dir, LayoutOptions.defaults());
    assertThat(loaded.dataset().train().memes()).hasSize(3);
    assertThat(loaded.report().warnings())
        .extracting(LoadReport.Warning::line)
        .containsExactly("train.jsonl: 2 memes with empty text (ids 01234, 00001)");
  }

  @Test
  void sharedIdsBetweenTrainAndTestAreCounted() throws IOException {
    writeGoodTrain();
    write("test.jsonl", line("42953", null, "a dog"));
    write("dev_unseen.jsonl", line("42953", 1, "a dog")); // extras do not count
    LoadedDataset loaded = DatasetLoader.read(dir, LayoutOptions.defaults());
    assertThat(loaded.report().warnings())
        .extracting(LoadReport.Warning::line)
        .containsExactly(
            "test.jsonl: 1 meme whose id is also in train.jsonl (train/dev/test overlap) (ids 42953)");
  }

  @Test
  void invalidUtf8IsFatalNamingLineAndId() throws IOException {
    writeGoodTrain();
    byte[] good = line("01234", 0, "ok").getBytes(StandardCharsets.UTF_8);
    byte[] bad = line("42953", 1, "caf?").getBytes(StandardCharsets.UTF_8);
    int at = new String(bad, StandardCharsets.ISO_8859_1).indexOf('?');
    bad[at] = (byte) 0xE9; // Latin-1 é, not UTF-8
    byte[] all = new byte[good.length + bad.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    Files.write(dir.resolve("dev_seen.jsonl"), all);
    assertThatThrownBy(() -> DatasetLoader.load(dir, LayoutOptions.defaults()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "dev_seen.jsonl:2: id 42953: invalid UTF-8 at byte "
                + (at + 1)
                + " of the line (0xE9); save the file as UTF-8");
  }

  @Test
  void idsPostgresqlCannotStoreAreFatalNamingLineAndId() throws IOException {
    // JSON escapes: a NUL, a lone surrogate, a control character; the message shows them escaped
    assertThat(
            failure(
                "train.jsonl",
                line("01234", 0, "a"),
                "{\"id\": \"42\\u0000953\", \"img\": \"img/1.png\", \"label\": 1, \"text\": \"t\"}\n"))
        .isEqualTo(
            "train.jsonl:2: id \"42\\u0000953\": id contains the control character U+0000,"
                + " which the results database cannot store");
    assertThat(
            failure(
                "dev_seen.jsonl",
                "{\"id\": \"x\\ud800\", \"img\": \"img/1.png\", \"label\": 1, \"text\": \"t\"}\n"))
        .isEqualTo(
            "dev_seen.jsonl:1: id \"x\\ud800\": id contains a lone UTF-16 surrogate U+D800,"
                + " which the results database cannot store");
    Files.delete(dir.resolve("dev_seen.jsonl"));
    assertThat(
            failure(
                "train.jsonl",
                "{\"id\": \"a\\u001bb\", \"img\": \"img/1.png\", \"label\": 1, \"text\": \"t\"}\n"))
        .isEqualTo(
            "train.jsonl:1: id \"a\\u001bb\": id contains the control character U+001B,"
                + " which the results database cannot store");
    // a pair of surrogates is one real character (an emoji): fine
    write("train.jsonl", line("a\uD83D\uDE00", 0, "t"));
    assertThat(DatasetLoader.load(dir, LayoutOptions.defaults()).train().memes())
        .extracting(Meme::id)
        .containsExactly("a\uD83D\uDE00");
  }

  @Test
  void aSplitFileThatIsNotARegularFileIsRefusedWithoutOpeningIt() throws Exception {
    writeGoodTrain();
    Path fifo = dir.resolve("dev_seen.jsonl");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    // reading a FIFO blocks forever: the loader must not open it (the test has a timeout)
    assertThatThrownBy(() -> DatasetLoader.load(dir, new LayoutOptions(null, "dev_seen", null)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("dev_seen.jsonl is not a regular file");
  }
}
