package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.HyperParams;
import io.memefusion.heads.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SweepSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void defaultIsFourModelsTimesSmallGridTimesFiveSeeds() {
    SweepSpec spec = SweepSpec.defaults();
    assertThat(spec.models()).containsExactlyElementsOf(HeadKind.lab());
    assertThat(spec.seeds()).containsExactly(0, 1, 2, 3, 4);
    assertThat(spec.configs()).hasSize(4);
    List<TrialPlan> trials = spec.trials();
    assertThat(trials).hasSize(80);
    // ordinals are dense; the two dropouts of one model, learning rate and seed are adjacent (one
    // graph), then the next model: all four models of a learning rate and seed come first
    assertThat(trials.get(0).ordinal()).isZero();
    assertThat(trials.get(79).ordinal()).isEqualTo(79);
    assertThat(trials.subList(0, 8))
        .extracting(TrialPlan::model)
        .containsExactly(
            HeadKind.TEXT,
            HeadKind.TEXT,
            HeadKind.IMAGE,
            HeadKind.IMAGE,
            HeadKind.EARLY_FUSION,
            HeadKind.EARLY_FUSION,
            HeadKind.LATE_FUSION,
            HeadKind.LATE_FUSION);
    assertThat(trials.subList(0, 16)).extracting(TrialPlan::seed).containsOnly(0);
    assertThat(spec.largestGraphGroup(16)).isEqualTo(2);
    assertThat(trials.stream().map(TrialPlan::configKey).distinct()).hasSize(4);
    assertThat(spec.usesImages()).isTrue();
  }

  @Test
  void yamlFileWithGridAndPartialParams(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(
        file,
        "name: small\nmodels: [text]\nparams:\n  hidden: [64, 128]\n  lr: 0.01\nseeds: [7, 8]\n");
    SweepSpec spec = SpecParser.read(file);
    assertThat(spec.name()).isEqualTo("small");
    assertThat(spec.usesImages()).isFalse();
    assertThat(spec.configs())
        .extracting(HyperParams::hidden, HyperParams::learningRate, HyperParams::dropout)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(64, 0.01, 0.2),
            org.assertj.core.groups.Tuple.tuple(128, 0.01, 0.2));
    // seed-major: a sweep stopped early has every configuration of its first seed
    assertThat(spec.trials()).extracting(TrialPlan::seed).containsExactly(7, 7, 8, 8);
  }

  @Test
  void trialsThatShareAGraphAreClaimedTogether() {
    ObjectNode tree = JSON.createObjectNode();
    tree.putArray("models").add("text").add("late_fusion");
    tree.put("seeds", 2).put("precision", "bf16");
    SpecParser.applyParam(tree, "hidden=32,64");
    SpecParser.applyParam(tree, "dropout=0.1,0.5");
    SpecParser.applyParam(tree, "weight_decay=0,0.0001");
    SweepSpec spec = SpecParser.parse(tree, "flags");
    assertThat(spec.precision()).isEqualTo(Precision.BF16);
    List<TrialPlan> trials = spec.trials();
    assertThat(trials).hasSize(2 * 8 * 2);
    // runs of 4: one model, hidden size and seed, the dropout x weight-decay configurations
    for (int start = 0; start < trials.size(); start += 4) {
      List<TrialPlan> run = trials.subList(start, start + 4);
      assertThat(run.stream().map(t -> List.of(t.model(), t.hp().hidden(), t.seed())).distinct())
          .as("trials %d..%d", start, start + 3)
          .hasSize(1);
      assertThat(run.stream().map(TrialPlan::configKey).distinct()).hasSize(4);
    }
    assertThat(trials.subList(0, 16)).extracting(TrialPlan::seed).containsOnly(0);
    assertThat(trials.subList(0, 8))
        .extracting(TrialPlan::model)
        .containsExactly(
            HeadKind.TEXT,
            HeadKind.TEXT,
            HeadKind.TEXT,
            HeadKind.TEXT,
            HeadKind.LATE_FUSION,
            HeadKind.LATE_FUSION,
            HeadKind.LATE_FUSION,
            HeadKind.LATE_FUSION);
    assertThat(spec.largestGraphGroup(16)).isEqualTo(4);
    assertThat(spec.largestGraphGroup(3)).isEqualTo(3);
    assertThat(SweepSpec.defaults().precision()).isEqualTo(Precision.FP32);
  }

  @Test
  void theExampleSpecsParse() {
    Path examples = Path.of("examples");
    SweepSpec grid = SpecParser.read(examples.resolve("sweep.yaml"));
    assertThat(grid.trials()).hasSize(4 * 8 * 5);
    assertThat(grid.configs().get(0).hidden()).isEqualTo(128);
    SweepSpec random = SpecParser.read(examples.resolve("random-search.yaml"));
    assertThat(random.search()).isEqualTo(SweepSpec.Search.RANDOM);
    assertThat(random.trials()).hasSize(4 * 12 * 3);
  }

  @Test
  void randomSearchIsSeededAndDistinct() {
    ObjectNode tree = JSON.createObjectNode();
    tree.put("search", "random").put("samples", 12).put("search_seed", 3);
    SpecParser.applyParam(tree, "lr=log:1e-4..1e-2");
    SpecParser.applyParam(tree, "hidden=64..512");
    SpecParser.applyParam(tree, "dropout=0.1,0.3,0.5");
    SweepSpec a = SpecParser.parse(tree, "flags");
    SweepSpec b = SpecParser.parse(tree, "flags");
    assertThat(a.configs()).hasSize(12).isEqualTo(b.configs());
    assertThat(a.configs().stream().map(HyperParamsJson::configKey).collect(Collectors.toSet()))
        .hasSize(12);
    for (HyperParams hp : a.configs()) {
      assertThat(hp.learningRate()).isBetween(1e-4, 1e-2);
      assertThat(hp.hidden()).isBetween(64, 512);
      assertThat(hp.dropout()).isIn(0.1, 0.3, 0.5);
    }
    tree.put("search_seed", 4);
    assertThat(SpecParser.parse(tree, "flags").configs()).isNotEqualTo(a.configs());
  }

  @Test
  void jsonRoundTripKeepsEverything() {
    ObjectNode tree = JSON.createObjectNode();
    tree.put("search", "random").put("samples", 5).put("holdout_test", 0.2);
    tree.put("precision", "bf16");
    SpecParser.applyParam(tree, "lr=1e-4..1e-2");
    SweepSpec spec = SpecParser.parse(tree, "flags");
    SweepSpec back = SpecParser.parse(spec.toJson(), "stored");
    assertThat(back).isEqualTo(spec);
    assertThat(back.trials()).isEqualTo(spec.trials());
    assertThat(SpecParser.parse(SweepSpec.defaults().toJson(), "x"))
        .isEqualTo(SweepSpec.defaults());
  }

  @Test
  void hyperParamsJsonRoundTrip() {
    HyperParams hp = new HyperParams(256, 3e-4, 0.5, 1e-5, 64, 20, 1.86, 4);
    assertThat(HyperParamsJson.fromJson(HyperParamsJson.toJson(hp))).isEqualTo(hp);
    assertThat(HyperParamsJson.configKey(hp))
        .isEqualTo("h256-lr0.0003-do0.5-wd0.00001-bs64-ep20-pw1.86-pa4");
    assertThat(HyperParamsJson.toJson(hp).get("hidden").isIntegralNumber()).isTrue();
  }

  @Test
  void errorsNameTheKeyAndValue(@TempDir Path dir) throws Exception {
    assertError("{\"lrr\": 1}", "spec.json: unknown key 'lrr'");
    assertError(
        "{\"params\": {\"lr\": [0.1, -1]}}",
        "spec.json: params.lr[1]: lr must be a number in (0, 1], got -1");
    assertError(
        "{\"params\": {\"dropout\": [1.0]}}",
        "params.dropout[0]: dropout must be in [0, 1), got 1");
    assertError(
        "{\"params\": {\"hidden\": 1.5}}",
        "params.hidden: hidden must be an integer in [1, 16384], got 1.5");
    assertError("{\"params\": {\"size\": 1}}", "params.size: unknown hyperparameter");
    assertError("{\"models\": [\"text\", \"audio\"]}", "models[1]: unknown model 'audio'");
    assertError(
        "{\"params\": {\"lr\": {\"min\": 0.1, \"max\": 1}}}",
        "params.lr: a range needs search: random");
    assertError("{\"seeds\": [1, 1]}", "seeds[1]: 1 is listed twice");
    assertError("{\"seeds\": 0}", "seeds must be a count >= 1");
    assertError(
        "{\"holdout_fraction\": 0.7}", "spec.json: holdout_fraction must be in (0, 0.5), got 0.7");
    assertError("{\"search\": \"bayes\"}", "search must be grid or random, got \"bayes\"");
    assertError("{\"samples\": 3}", "samples is only for search: random");
    assertError("{\"same_memes\": \"yes\"}", "same_memes must be true or false");
    assertError(
        "{\"precision\": \"fp16\"}",
        "spec.json: precision: unknown precision 'fp16': expected fp32 or bf16");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "models: [text\nseeds: 3\n");
    assertThatThrownBy(() -> SpecParser.read(bad))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(bad + ": line ");
    assertThatThrownBy(() -> SpecParser.read(dir.resolve("none.json")))
        .hasMessageContaining("sweep spec not found");
    assertThatThrownBy(() -> SpecParser.applyParam(JSON.createObjectNode(), "lr"))
        .hasMessageContaining("--param lr: expected KEY=V1,V2");
    assertThatThrownBy(() -> SpecParser.applyParam(JSON.createObjectNode(), "lr=fast"))
        .hasMessageContaining("'fast' is not a list of numbers or a range");
  }

  @Test
  void parameterDomainsHaveUpperBoundsNamedInTheMessage() {
    for (String[] c :
        new String[][] {
          {"lr=1e308", "params.lr[0]: lr must be a number in (0, 1], got 1.0E308"},
          {
            "hidden=100000000",
            "params.hidden[0]: hidden must be an integer in [1, 16384], got 100000000"
          },
          {
            "epochs=1000000",
            "params.epochs[0]: epochs must be an integer in [1, 10000], got 1000000"
          },
          {"batch_size=1000000", "batch_size must be an integer in [1, 65536], got 1000000"},
          {"patience=100000", "patience must be an integer in [0, 10000], got 100000"},
          {"weight_decay=5", "weight_decay must be a number in [0, 1], got 5"},
          {"pos_weight=1e6", "pos_weight must be a number in (0, 1000], got 1000000"},
          {"lr=log:1e-4..1e3", "lr must be a number in (0, 1], got 1000"}
        }) {
      ObjectNode tree = JSON.createObjectNode();
      if (c[0].contains("log:")) {
        tree.put("search", "random").put("samples", 2);
      }
      SpecParser.applyParam(tree, c[0]);
      assertThatThrownBy(() -> SpecParser.parse(tree, "flags"))
          .as(c[0])
          .isInstanceOf(UserException.class)
          .hasMessageContaining(c[1]);
    }
    // the largest values are accepted
    ObjectNode max = JSON.createObjectNode();
    for (String p :
        List.of(
            "hidden=16384",
            "lr=1",
            "epochs=10000",
            "batch_size=65536",
            "patience=10000",
            "weight_decay=1",
            "pos_weight=1000")) {
      SpecParser.applyParam(max, p);
    }
    assertThat(SpecParser.parse(max, "flags").trials()).isNotEmpty();
  }

  private static void assertError(String json, String message) throws Exception {
    assertThatThrownBy(() -> SpecParser.parse(JSON.readTree(json), "spec.json"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(message);
  }
}
