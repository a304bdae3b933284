package io.memefusion.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.data.Dataset;
import io.memefusion.data.Split;
import io.memefusion.db.Database;
import io.memefusion.db.TrialCounts;
import io.memefusion.db.TrialRow;
import io.memefusion.export.TableFormat;
import io.memefusion.features.FeatureMatrix;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadTrainer;
import io.memefusion.progress.Progress;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One sweep comparing two text recipes on real training and a real PostgreSQL: a noise recipe 48
 * wide listed first, and a 12-wide recipe that carries the label.
 */
@Timeout(300)
class TextRecipeSweepTest {
  private static final TextRecipe NOISE = TextRecipe.parse("mean/last4_concat");
  private static final TextRecipe SIGNAL = TextRecipe.DEFAULT;
  private static Database db;
  private static Dataset dataset;
  private static SweepFeatures features;

  /** trial id → text width of the rows it was scored on */
  private static final Map<Long, Integer> widths = new ConcurrentHashMap<>();

  private static Study study;

  @BeforeAll
  static void start() {
    db = Database.temporary();
    HeadTrainer trainer = new HeadTrainer(1);
    study =
        new Study(db, () -> trainer, (id, head, splits) -> widths.put(id, splits.get(0).textDim()));
    dataset = StudyFixture.dataset(160, 60, 40, true);
    StudyFeatures signal = StudyFixture.features(dataset, 12, 6, Set.of());
    StudyFeatures noise =
        new StudyFeatures(noise(dataset, 48), signal.image(), "noise-48", null, signal.notes());
    features = SweepFeatures.combine(List.of(NOISE, SIGNAL), List.of(noise, signal));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** Text features without the label in them. */
  private static Map<String, FeatureMatrix> noise(Dataset d, int width) {
    Map<String, FeatureMatrix> out = new LinkedHashMap<>();
    SplittableRandom rng = new SplittableRandom(3);
    for (Split s : d.splits()) {
      List<String> ids = new ArrayList<>();
      float[] v = new float[s.memes().size() * width];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) rng.nextGaussian();
      }
      s.memes().forEach(m -> ids.add(m.id()));
      out.put(s.name(), new FeatureMatrix(ids, width, v));
    }
    return out;
  }

  private static SweepSpec spec() {
    ObjectNode tree = new ObjectMapper().createObjectNode().put("name", "recipes").put("seeds", 2);
    tree.putArray("models").add("text").add("image");
    tree.putArray("text_recipes").add(NOISE.id()).add(SIGNAL.id());
    for (String p : List.of("hidden=16", "lr=0.01", "batch_size=32", "epochs=6", "patience=0")) {
      SpecParser.applyParam(tree, p);
    }
    return SpecParser.parse(tree, "test");
  }

  @Test
  void oneSweepTrainsEachRecipeOnItsOwnWidthAndDevChoosesAmongThem() {
    // every trial claimed at once: the runner must still train the recipes in separate graphs
    SweepRunner.Options options = SweepRunner.Options.defaults().withWorkers(1).withGroupSize(6);
    long id = study.run(dataset, features, spec(), options, Progress.NONE);

    SweepStore store = study.store();
    // text × 2 recipes × 2 seeds + image × 2 seeds
    assertThat(store.counts(id)).isEqualTo(new TrialCounts(0, 0, 6, 0));
    List<TrialRow> trials = store.trials(id);
    for (TrialRow t : trials) {
      if (t.model().equals("text")) {
        TextRecipe r = HyperParamsJson.recipe(t.hyperparams());
        assertThat(widths.get(t.id())).as(t.configKey()).isEqualTo(r.equals(NOISE) ? 48 : 12);
        assertThat(t.configKey()).endsWith("-text=" + r.id());
      } else {
        assertThat(t.hyperparams().has("text_recipe")).isFalse();
        assertThat(t.configKey()).doesNotContain("text=");
      }
    }
    assertThat(trials.stream().filter(t -> t.model().equals("text"))).hasSize(4);

    SweepResults results = new SweepResultsQuery(db.jdbi()).results(id);
    ResultTable dev = results.devTables().get(0);
    ModelRow text = dev.rows().stream().filter(r -> r.model().equals("text")).findFirst().get();
    assertThat(text.configKey())
        .isEqualTo("h16-lr0.01-do0.2-wd0-bs32-ep6-pw1-pa5-text=cls/last".replace("pa5", "pa0"));
    assertThat(text.hyperparams().get("text_recipe").asText()).isEqualTo("cls/last");
    assertThat(text.trialIds()).hasSize(2);
    assertThat(TableFormat.TEXT.render(results)).contains("-text=cls/last");
  }

  @Test
  void featuresMissingARecipeOfTheSweepAreRefused() {
    StudyFeatures only = features.byRecipe().get(1);
    assertThatThrownBy(() -> study.create(dataset, only, spec()))
        .isInstanceOf(UserException.class)
        .hasMessage("sweep \"recipes\" compares 2 text recipes: it needs the features of each");
    SweepFeatures other = SweepFeatures.of(SIGNAL, only);
    assertThatThrownBy(() -> study.create(dataset, other, spec()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "sweep \"recipes\" compares text recipes [mean/last4_concat, cls/last], the features"
                + " have [cls/last]");
  }
}
