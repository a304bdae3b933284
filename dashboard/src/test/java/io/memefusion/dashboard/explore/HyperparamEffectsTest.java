package io.memefusion.dashboard.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.dashboard.store.Scores;
import io.memefusion.dashboard.store.TrialRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Configurations and hyperparameter effects on hand-built sweeps whose answer is known: one where
 * the learning rate alone drives dev AUROC, one with two additive effects of known size.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HyperparamEffectsTest {
  private static final double[] SEED_NOISE = {-0.01, 0, 0.01};

  /** A done trial with fixed hyperparameters, {@code hp} varied, and a dev AUROC. */
  private static TrialRow trial(
      long id, String model, double lr, double dropout, int seed, double auroc) {
    ObjectNode hp =
        JsonNodeFactory.instance
            .objectNode()
            .put("hidden", 64)
            .put("lr", lr)
            .put("dropout", dropout)
            .put("epochs", 10);
    String key = "h64-lr" + lr + "-do" + dropout;
    return new TrialRow(
        id,
        (int) id,
        model,
        key,
        seed,
        "done",
        3,
        hp,
        new Scores(0.7, 0.7, 0.7, 0.7, auroc),
        new Scores(0.6, 0.6, 0.6, 0.6, auroc - 0.05));
  }

  /** lr 0.001 scores 0.60, lr 0.01 scores 0.80; dropout changes nothing; seeds add ±0.01. */
  private static List<TrialRow> lrAlone() {
    List<TrialRow> rows = new ArrayList<>();
    long id = 1;
    for (double lr : new double[] {0.001, 0.01}) {
      for (double dropout : new double[] {0.2, 0.5}) {
        for (int seed = 0; seed < 3; seed++) {
          double base = lr == 0.001 ? 0.60 : 0.80;
          rows.add(trial(id++, "text", lr, dropout, seed, base + SEED_NOISE[seed]));
        }
      }
    }
    return rows;
  }

  @Test
  void seedsAreGroupedAndOnlyVaryingHyperparametersKept() {
    ConfigurationSet set =
        ConfigurationSet.of(lrAlone(), Map.of("text", "h64-lr0.01-do0.2"), List.of("text"));
    assertThat(set.configurations()).hasSize(4);
    assertThat(set.varying()).containsOnlyKeys("dropout", "lr");
    Configuration best = set.configurations().get(0);
    assertThat(best.value("lr")).isEqualTo(0.01);
    assertThat(best.n()).isEqualTo(3);
    assertThat(best.devAuroc().mean()).isCloseTo(0.80, within(1e-12));
    assertThat(best.devAuroc().std()).isCloseTo(0.01, within(1e-12));
    // test numbers only for the configuration chosen on dev
    Configuration chosen =
        set.configurations().stream().filter(Configuration::chosen).findFirst().orElseThrow();
    assertThat(chosen.configKey()).isEqualTo("h64-lr0.01-do0.2");
    assertThat(chosen.testAuroc().mean()).isCloseTo(0.75, within(1e-12));
    assertThat(set.configurations().stream().filter(c -> !c.chosen()))
        .allSatisfy(c -> assertThat(c.testAuroc()).isNull());
  }

  @Test
  void oneHyperparameterAloneDrivesDevAuroc() {
    ConfigurationSet set = ConfigurationSet.of(lrAlone(), Map.of(), List.of("text"));
    List<HyperparamEffects.ModelEffects> effects = HyperparamEffects.of(set);
    assertThat(effects).hasSize(1);
    HyperparamEffects.ModelEffects text = effects.get(0);
    assertThat(text.configurations()).isEqualTo(4);
    // ranked: lr explains all the variance of the configuration means, dropout none
    assertThat(text.effects())
        .extracting(HyperparamEffects.Effect::key)
        .containsExactly("lr", "dropout");
    HyperparamEffects.Effect lr = text.effects().get(0);
    assertThat(lr.share()).isCloseTo(1.0, within(1e-9));
    assertThat(text.effects().get(1).share()).isCloseTo(0.0, within(1e-9));
    // each level: mean over its configurations, the range over the other settings and seeds
    HyperparamEffects.Level low = lr.levels().get(0);
    assertThat(low.value()).isEqualTo(0.001);
    assertThat(low.configurations()).isEqualTo(2);
    assertThat(low.trials()).isEqualTo(6);
    assertThat(low.mean()).isCloseTo(0.60, within(1e-12));
    assertThat(low.low()).isCloseTo(0.59, within(1e-12));
    assertThat(low.high()).isCloseTo(0.61, within(1e-12));
    assertThat(lr.levels().get(1).mean()).isCloseTo(0.80, within(1e-12));
  }

  @Test
  void twoAdditiveEffectsShareTheVarianceByTheirSquaredSizes() {
    // mean dev AUROC = 0.6 + 0.2·[lr = 0.01] + 0.1·[dropout = 0.5]: shares 0.8 and 0.2
    List<TrialRow> rows = new ArrayList<>();
    long id = 1;
    for (double lr : new double[] {0.001, 0.01}) {
      for (double dropout : new double[] {0.2, 0.5}) {
        for (int seed = 0; seed < 3; seed++) {
          double mean = 0.6 + (lr == 0.01 ? 0.2 : 0) + (dropout == 0.5 ? 0.1 : 0);
          rows.add(trial(id++, "early_fusion", lr, dropout, seed, mean + SEED_NOISE[seed]));
        }
      }
    }
    // a second model whose configurations all score the same: no variance to share
    for (double lr : new double[] {0.001, 0.01}) {
      rows.add(trial(id++, "text", lr, 0.2, 0, 0.7));
    }
    ConfigurationSet set = ConfigurationSet.of(rows, Map.of(), List.of("text", "early_fusion"));
    List<HyperparamEffects.ModelEffects> effects = HyperparamEffects.of(set);
    assertThat(effects)
        .extracting(HyperparamEffects.ModelEffects::model)
        .containsExactly("text", "early_fusion");
    assertThat(effects.get(0).effects())
        .singleElement()
        .satisfies(e -> assertThat(e.share()).isNaN());
    HyperparamEffects.ModelEffects fusion = effects.get(1);
    assertThat(fusion.effects().get(0).key()).isEqualTo("lr");
    assertThat(fusion.effects().get(0).share()).isCloseTo(0.8, within(1e-9));
    assertThat(fusion.effects().get(1).key()).isEqualTo("dropout");
    assertThat(fusion.effects().get(1).share()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void theTextRecipeIsAVaryingHyperparameterNamedByItsValues() {
    // text trials compare two recipes (mean/last scores 0.80, cls/last 0.60); image has none
    List<TrialRow> rows = new ArrayList<>();
    long id = 1;
    for (String recipe : List.of("mean/last", "cls/last")) {
      for (int seed = 0; seed < 3; seed++) {
        TrialRow t = trial(id++, "text", 0.01, 0.2, seed, (recipe.equals("cls/last") ? 0.6 : 0.8));
        ((ObjectNode) t.hyperparams()).put("text_recipe", recipe);
        rows.add(
            new TrialRow(
                t.id(),
                t.ordinal(),
                t.model(),
                t.configKey() + "-text=" + recipe,
                t.seed(),
                t.status(),
                t.bestEpoch(),
                t.hyperparams(),
                t.dev(),
                t.test()));
      }
    }
    rows.add(trial(id, "image", 0.01, 0.2, 0, 0.55));
    ConfigurationSet set =
        ConfigurationSet.of(
            rows, Map.of("text", "h64-lr0.01-do0.2-text=mean/last"), List.of("text", "image"));
    assertThat(set.varyingKeys()).containsExactly("text_recipe");
    assertThat(set.categories()).containsEntry("text_recipe", List.of("cls/last", "mean/last"));
    Configuration best = set.configurations().get(0);
    assertThat(best.chosen()).isTrue();
    assertThat(best.label("text_recipe")).isEqualTo("mean/last");
    assertThat(set.of("image").get(0).label("text_recipe")).isEmpty();
    HyperparamEffects.Effect e = HyperparamEffects.of(set).get(0).effects().get(0);
    assertThat(e.key()).isEqualTo("text_recipe");
    assertThat(e.levels())
        .extracting(l -> set.label("text_recipe", l.value()))
        .containsExactly("cls/last", "mean/last");
    assertThat(e.share()).isCloseTo(1.0, within(1e-9));
  }
}
