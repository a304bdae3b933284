package io.memefusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.db.Database;
import io.memefusion.db.MetricRow;
import io.memefusion.db.PredictionRow;
import io.memefusion.sweep.Claim;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepStore;
import io.memefusion.sweep.TrialOutcome;
import io.memefusion.sweep.WorkerId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code export} and {@code sweep list} through the real command line, against PostgreSQL. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ExportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Database db;
  private static long sweepId;

  @BeforeAll
  static void sweep() {
    db = Database.temporary();
    SweepStore store = new SweepStore(db);
    ObjectNode tree = JSON.createObjectNode().put("name", "cli").put("seeds", 2);
    tree.putArray("models").add("text").add("early_fusion");
    SpecParser.applyParam(tree, "lr=0.001");
    SweepContext ctx =
        SweepContext.builder()
            .dataset("demo", "/d", "h")
            .featuresKey("f")
            .trainSplit("train")
            .holdoutSplit("holdout")
            .devSplit("dev_seen")
            .testSplit("test_seen")
            .testLabeled(true)
            .extraSplits(List.of())
            .rows(Map.of())
            .dropped(Map.of())
            .notes(List.of())
            .build();
    sweepId = store.create(SpecParser.parse(tree, "t"), null, ctx.toJson());
    WorkerId w = new WorkerId("h", 1, null, "h:1/0");
    for (List<Claim> got = store.claim(sweepId, w, 1);
        !got.isEmpty();
        got = store.claim(sweepId, w, 1)) {
      Claim c = got.get(0);
      double auroc = c.model().dbName().equals("text") ? 0.6 + 0.1 * c.seed() : 0.8;
      store.complete(
          c,
          new TrialOutcome(
              2,
              List.of(
                  new MetricRow(
                      c.trialId(), "dev_seen", "fixed_0.5", 0.5, 4, 0.5, 0.5, 0.5, 0.5, auroc),
                  new MetricRow(
                      c.trialId(), "dev_seen", "train_holdout", 0.4, 4, 0.75, 0.5, 1, 0.667, auroc),
                  new MetricRow(
                      c.trialId(), "test_seen", "fixed_0.5", 0.5, 4, 0.5, 0.5, 0.5, 0.5, 0.7),
                  new MetricRow(
                      c.trialId(), "test_seen", "train_holdout", 0.4, 4, 0.5, 0.5, 0.5, 0.5, 0.7)),
              List.of(
                  new PredictionRow(c.trialId(), "dev_seen", "01", 1, 0.9f),
                  new PredictionRow(c.trialId(), "dev_seen", "02", 0, 0.1f)),
              JSON.createObjectNode()));
    }
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--db";
    all[args.length + 1] = db.url();
    int code = cl.execute(all);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void markdownOfTheLatestSweepToStdout() {
    Run r = run("export");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("# Sweep " + sweepId + ": cli")
        .contains("## Dev: dev\\_seen, threshold fixed_0.5")
        .contains("| text | `h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5` | 2 |")
        .contains("0.650 ± 0.071")
        .contains("## Test: test\\_seen, threshold train_holdout");
  }

  @Test
  void latexAndCsvToFiles(@TempDir Path dir) throws Exception {
    Path tex = Files.createDirectories(dir.resolve("out")).resolve("tables.tex");
    Run r =
        run(
            "export",
            "--sweep",
            String.valueOf(sweepId),
            "--format",
            "latex",
            "--out",
            tex.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("wrote the dev and test tables of sweep " + sweepId + " to " + tex);
    assertThat(Files.readString(tex)).contains("\\begin{tabular}").contains("early\\_fusion");
    Run csv = run("export", "--format", "csv");
    // the model rows, then (after a blank line) the seed ensembles of the splits with predictions
    assertThat(csv.out().lines().takeWhile(l -> !l.isEmpty())).hasSize(1 + 8);
    assertThat(csv.out())
        .contains("\n\ntable,split,threshold_rule,model,")
        .contains("\nseed_ensemble,");
  }

  @Test
  void trialsAndPredictionsCsv(@TempDir Path dir) throws Exception {
    Run trials = run("export", "--sweep", "latest", "--trials");
    assertThat(trials.code()).isZero();
    List<String> lines = trials.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "trial_id,model,seed,split,threshold_rule,threshold,n,accuracy,precision,recall,f1,auroc");
    assertThat(lines).hasSize(1 + 4 * 4);
    assertThat(lines.get(1)).matches("\\d+,text,0,dev_seen,fixed_0.5,0.5,4,0.5,0.5,0.5,0.5,0.6");
    Path file = dir.resolve("p.csv");
    Run p = run("export", "--predictions", "--out", file.toString());
    assertThat(p.out()).contains("wrote 8 predictions of sweep " + sweepId);
    List<String> rows = Files.readAllLines(file);
    assertThat(rows.get(0)).isEqualTo("trial_id,split,id,label,proba");
    assertThat(rows.get(1)).matches("\\d+,dev_seen,01,1,0.9");
  }

  @Test
  void writesOnlyTheFileNamedWithItsFormatsExtensionInAnExistingFolder(@TempDir Path dir)
      throws Exception {
    Run wrong = run("export", "--format", "csv", "--out", dir.resolve("t.md").toString());
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err())
        .isEqualTo(
            "error: --out "
                + dir.resolve("t.md")
                + ": --format csv writes a .csv file (e.g. "
                + dir.resolve("t.csv")
                + ")\n");
    assertThat(run("export", "--trials", "--out", dir.resolve("t").toString()).err())
        .isEqualTo(
            "error: --out "
                + dir.resolve("t")
                + ": --trials writes a .csv file (e.g. "
                + dir.resolve("t.csv")
                + ")\n");
    Path nowhere = dir.resolve("no/such/t.md");
    Run missing = run("export", "--out", nowhere.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo(
            "error: cannot write "
                + nowhere
                + ": folder "
                + dir.resolve("no/such")
                + " does not exist\n");
    Run root = run("export", "--out", "/memefusion-no-such-folder/t.md");
    assertThat(root.err())
        .isEqualTo(
            "error: cannot write /memefusion-no-such-folder/t.md: folder"
                + " /memefusion-no-such-folder does not exist\n");
    assertThat(Path.of("/memefusion-no-such-folder")).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    // the extension of each format, any case
    assertThat(run("export", "--format", "latex", "--out", dir.resolve("t.TEX").toString()).code())
        .isZero();
    assertThat(run("export", "--format", "text", "--out", dir.resolve("t.txt").toString()).code())
        .isZero();
  }

  @Test
  void badOptionsAreOneLineErrors() {
    Run r = run("export", "--trials", "--format", "latex");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("error: --trials writes CSV; drop --format latex or use --format csv");
    assertThat(run("export", "--format", "pdf").err())
        .contains("--format must be md, csv, latex or text");
    assertThat(run("export", "--sweep", "999").err().strip())
        .isEqualTo("error: no sweep with id 999 (see: sweep list)");
    assertThat(run("export", "--sweep", "x").err())
        .contains("expected a sweep id or 'latest', got 'x'");
    assertThat(run("export", "--trials", "--predictions").code()).isEqualTo(2);
  }

  @Test
  void sweepListShowsProgress() {
    Run r = run("sweep", "list");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("status")
        .containsPattern("\\s+" + sweepId + "\\s+\\S+ \\S+\\s+done\\s+4/4\\s+0\\s+cli");
  }
}
