package io.memefusion.heads;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.eval.Auroc;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The label is the XOR of a text cue and an image cue: neither modality alone says anything, and
 * neither does a sum of per-modality scores (late fusion). Heads that let the modalities interact —
 * early fusion's joint MLP and the three interaction heads — learn it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class XorFusionTest {
  private static final int DIM = 8;

  /** Cue: the sign of feature 0 of each modality (±1.5 plus unit noise); other features noise. */
  private static LabeledFeatures split(String name, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>();
    float[] text = new float[n * DIM];
    float[] image = new float[n * DIM];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      ids.add(name + "-" + i);
      boolean t = rng.nextBoolean();
      boolean v = rng.nextBoolean();
      labels[i] = t ^ v ? 1 : 0;
      for (int j = 0; j < DIM; j++) {
        text[i * DIM + j] = (float) (0.5 * gaussian(rng));
        image[i * DIM + j] = (float) (0.5 * gaussian(rng));
      }
      text[i * DIM] += t ? 1.5f : -1.5f;
      image[i * DIM] += v ? 1.5f : -1.5f;
    }
    return new LabeledFeatures(name, ids, text, DIM, image, DIM, labels);
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  @Test
  void interactionHeadsLearnXorAndAdditiveOnesDoNot() {
    LabeledFeatures train = split("train", 1200, 1);
    LabeledFeatures dev = split("dev", 300, 2);
    LabeledFeatures test = split("test", 600, 3);
    HeadTrainer trainer = new HeadTrainer();
    HyperParams hp = new HyperParams(32, 1e-2, 0.1, 0, 64, 30, 1, 0);
    List<String> seen = new ArrayList<>();
    try (TrainingData data = TrainingData.of(train, dev)) {
      for (HeadKind kind : HeadKind.values()) {
        TrainingResult r = trainer.train(new TrialSpec(kind, hp, 4), data, EpochListener.NONE);
        try (TrainedHead head = r.head()) {
          double auroc = Auroc.of(head.predictProba(test), test.labels()).orElseThrow();
          seen.add(kind.dbName() + "=" + String.format(java.util.Locale.ROOT, "%.3f", auroc));
          boolean interacts = kind != HeadKind.TEXT && kind != HeadKind.IMAGE;
          interacts &= kind != HeadKind.LATE_FUSION;
          if (interacts) {
            assertThat(auroc).as(kind.dbName() + " " + seen).isGreaterThan(0.9);
          } else {
            assertThat(auroc).as(kind.dbName() + " " + seen).isBetween(0.4, 0.6);
          }
        }
      }
    }
  }

  @Test
  void interactionTrialsTrainedTogetherMatchTrialsTrainedAlone() {
    // realistic dims, as HeadTrainerTest's: at toy ones TF may pick another matmul kernel for
    // [b, K·h] than for [b, h]
    Synthetic synthetic = new Synthetic(64, 96, 1.0, 8);
    LabeledFeatures train = synthetic.split("train", 384, 1);
    LabeledFeatures dev = synthetic.split("dev", 120, 2);
    LabeledFeatures test = synthetic.split("test", 100, 3);
    HeadTrainer trainer = new HeadTrainer();
    try (TrainingData data = TrainingData.of(train, dev)) {
      for (HeadKind kind :
          List.of(HeadKind.ALIGN_FUSION, HeadKind.BILINEAR_FUSION, HeadKind.GATED_FUSION)) {
        List<TrialSpec> specs =
            List.of(
                new TrialSpec(kind, new HyperParams(32, 1e-2, 0.2, 1e-4, 64, 3, 1.5, 0), 1),
                new TrialSpec(kind, new HyperParams(32, 1e-2, 0, 0, 64, 2, 1, 0), 1),
                new TrialSpec(kind, new HyperParams(32, 1e-2, 0.5, 1e-3, 64, 3, 3, 1), 1));
        assertThat(HeadTrainer.partition(specs)).containsExactly(specs);
        List<TrainingResult> together = trainer.trainGroup(specs, data, (t, e) -> {});
        for (int i = 0; i < specs.size(); i++) {
          TrainingResult alone = trainer.train(specs.get(i), data, EpochListener.NONE);
          try (TrainedHead g = together.get(i).head();
              TrainedHead a = alone.head()) {
            assertThat(together.get(i).epochs()).as(kind.dbName()).isEqualTo(alone.epochs());
            assertThat(g.predictProba(test)).containsExactly(a.predictProba(test));
          }
        }
      }
    }
  }
}
