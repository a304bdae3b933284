package io.memefusion.heads;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.features.Modality;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ModalityRelianceTest {

  /** 400 memes; the label shows in text dimension 0 and in image dimension 0. */
  private static LabeledFeatures rows() {
    Random r = new Random(3);
    int n = 400;
    int dim = 4;
    float[] text = new float[n * dim];
    float[] image = new float[n * dim];
    int[] labels = new int[n];
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("m" + i);
      labels[i] = i % 2;
      for (int d = 0; d < dim; d++) {
        text[i * dim + d] = (float) r.nextGaussian();
        image[i * dim + d] = (float) r.nextGaussian();
      }
      text[i * dim] += 2 * labels[i];
      image[i * dim] += 2 * labels[i];
    }
    return new LabeledFeatures("dev_seen", ids, text, dim, image, dim, labels);
  }

  private static float[] sigmoid(LabeledFeatures rows, double wText, double wImage) {
    float[] p = new float[rows.rows()];
    for (int i = 0; i < p.length; i++) {
      double z =
          wText * rows.text()[i * rows.textDim()] + wImage * rows.image()[i * rows.imageDim()];
      p[i] = (float) (1 / (1 + Math.exp(-z)));
    }
    return p;
  }

  @Test
  void aTextOnlyHeadShowsNoImageDropAndAFusedHeadShowsBoth() {
    ModalityReliance reliance = new ModalityReliance(5, 17);
    LabeledFeatures rows = rows();

    List<ModalityReliance.Result> textOnly = reliance.measure(r -> sigmoid(r, 1, 0), rows);
    List<ModalityReliance.Result> fused = reliance.measure(r -> sigmoid(r, 1, 1), rows);

    assertThat(textOnly).hasSize(2);
    ModalityReliance.Result textDrop = textOnly.get(0);
    ModalityReliance.Result imageDrop = textOnly.get(1);
    assertThat(textDrop.modality()).isEqualTo(Modality.TEXT);
    assertThat(textDrop.drop()).isGreaterThan(0.3);
    assertThat(textDrop.permutedAuroc()).isBetween(0.4, 0.6);
    assertThat(imageDrop.modality()).isEqualTo(Modality.IMAGE);
    assertThat(imageDrop.drop()).isZero();
    assertThat(fused.get(0).drop()).isGreaterThan(0.05);
    assertThat(fused.get(1).drop()).isGreaterThan(0.05);
    assertThat(reliance.measure(r -> sigmoid(r, 1, 1), rows)).isEqualTo(fused);
  }

  @Test
  void anUnlabeledSplitHasNothingToMeasure() {
    LabeledFeatures rows = rows();
    LabeledFeatures unlabeled =
        new LabeledFeatures(
            "test_unseen",
            rows.ids(),
            rows.text(),
            rows.textDim(),
            rows.image(),
            rows.imageDim(),
            null);
    assertThat(new ModalityReliance(2, 1).measure(r -> sigmoid(r, 1, 1), unlabeled)).isEmpty();
  }
}
