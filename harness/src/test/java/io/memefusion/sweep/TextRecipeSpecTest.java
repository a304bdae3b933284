package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Text recipes as a dimension of a sweep's spec: parsed, multiplied into trials, recorded. */
@Timeout(120)
class TextRecipeSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The lab's study as specs, trials and config keys have always been stored. */
  @Test
  void theDefaultSweepIsStoredExactlyAsBeforeRecipes() throws Exception {
    SweepSpec spec = SweepSpec.defaults();
    assertThat(spec.textRecipes()).containsExactly(TextRecipe.DEFAULT);
    assertThat(spec.recipesInConfig()).isFalse();
    assertThat(JSON.writeValueAsString(spec.toJson()))
        .isEqualTo(
            "{\"name\":\"default\",\"models\":[\"text\",\"image\",\"early_fusion\",\"late_fusion\"],"
                + "\"search\":\"grid\",\"params\":{\"hidden\":[256],\"lr\":[0.001,3.0E-4],"
                + "\"dropout\":[0.2,0.5],\"weight_decay\":[0.0],\"batch_size\":[128],"
                + "\"epochs\":[30],\"pos_weight\":[1.0],\"patience\":[5]},\"seeds\":[0,1,2,3,4],"
                + "\"holdout_fraction\":0.1,\"split_seed\":0,\"holdout_test\":0.0,"
                + "\"same_memes\":true,\"precision\":\"fp32\"}");
    TrialPlan first = spec.trials().get(0);
    assertThat(first.textRecipe()).isNull();
    assertThat(first.configKey()).isEqualTo("h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5");
    assertThat(JSON.writeValueAsString(HyperParamsJson.toJson(first.hp(), first.textRecipe())))
        .isEqualTo(
            "{\"hidden\":256,\"lr\":0.001,\"dropout\":0.2,\"weight_decay\":0.0,"
                + "\"batch_size\":128,\"epochs\":30,\"pos_weight\":1.0,\"patience\":5}");
    // a stored spec without the key (every sweep before recipes) reads back the same
    assertThat(SpecParser.parse(spec.toJson(), "stored")).isEqualTo(spec);
  }

  @Test
  void aListOfRecipesMultipliesTheTextModelsOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("recipes.yaml");
    Files.writeString(
        file,
        "name: recipes\nmodels: [text, image, early_fusion]\nparams:\n  lr: [0.01, 0.001]\n"
            + "seeds: 2\ntext_recipes: [cls/last, mean/last4_concat]\n");
    SweepSpec spec = SpecParser.read(file);
    assertThat(spec.textRecipes())
        .extracting(TextRecipe::id)
        .containsExactly("cls/last", "mean/last4_concat");
    assertThat(spec.recipesInConfig()).isTrue();
    List<TrialPlan> trials = spec.trials();
    // per seed and configuration: text × 2 recipes + image + early_fusion × 2 recipes
    assertThat(trials).hasSize(2 * 2 * (2 + 1 + 2));
    assertThat(trials.stream().filter(t -> t.model() == HeadKind.IMAGE))
        .hasSize(4)
        .allSatisfy(t -> assertThat(t.textRecipe()).isNull())
        .allSatisfy(t -> assertThat(t.configKey()).doesNotContain("text="));
    assertThat(
            trials.stream()
                .filter(t -> t.model() == HeadKind.TEXT && t.seed() == 0)
                .map(TrialPlan::configKey))
        .containsExactly(
            "h256-lr0.01-do0.2-wd0-bs128-ep30-pw1-pa5-text=cls/last",
            "h256-lr0.01-do0.2-wd0-bs128-ep30-pw1-pa5-text=mean/last4_concat",
            "h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5-text=cls/last",
            "h256-lr0.001-do0.2-wd0-bs128-ep30-pw1-pa5-text=mean/last4_concat");
    TrialPlan mean = trials.get(1);
    assertThat(JSON.writeValueAsString(HyperParamsJson.toJson(mean.hp(), mean.textRecipe())))
        .endsWith(",\"patience\":5,\"text_recipe\":\"mean/last4_concat\"}");
    // a group never mixes recipes (input widths differ): one trial per graph here
    assertThat(spec.largestGraphGroup(16)).isEqualTo(1);
    // recorded with the sweep, read back the same
    assertThat(spec.toJson().get("text_recipes").toString())
        .isEqualTo("[\"cls/last\",\"mean/last4_concat\"]");
    assertThat(SpecParser.parse(spec.toJson(), "stored")).isEqualTo(spec);
    // one non-default recipe is named in the configuration too
    SweepSpec one =
        SpecParser.parse(JSON.readTree("{\"text_recipes\": \"cls_mean/last\"}"), "flags");
    assertThat(one.trials().get(0).configKey()).endsWith("-text=cls_mean/last");
  }

  @Test
  void badRecipesAreOneLineNamingTheValidOnes() throws Exception {
    assertError(
        "{\"text_recipes\": [\"cls/last\", \"max/last\"]}",
        "spec.json: text_recipes[1]: unknown text pooling 'max': expected one of cls, mean,"
            + " cls_mean, pooled");
    assertError(
        "{\"text_recipes\": [\"cls/last8\"]}",
        "spec.json: text_recipes[0]: unknown text layers 'last8': expected one of last,"
            + " last4_mean, last4_concat");
    assertError(
        "{\"text_recipes\": [\"pooled/last4_mean\"]}",
        "spec.json: text_recipes[0]: text pooling 'pooled' is BERT's pooler output of the last"
            + " layer: it takes layers 'last', not 'last4_mean'");
    assertError(
        "{\"text_recipes\": [\"mean/last\", \"mean/last\"]}",
        "spec.json: text_recipes[1]: mean/last is listed twice");
    assertError(
        "{\"text_recipes\": []}",
        "spec.json: text_recipes needs at least one recipe, e.g. [cls/last]");
    assertError(
        "{\"models\": [\"image\"], \"text_recipes\": [\"mean/last\"]}",
        "spec.json: text recipes [mean/last] need a model that uses text (models: [image])");
  }

  private static void assertError(String json, String message) throws Exception {
    assertThatThrownBy(() -> SpecParser.parse(JSON.readTree(json), "spec.json"))
        .isInstanceOf(UserException.class)
        .hasMessage(message);
  }
}
