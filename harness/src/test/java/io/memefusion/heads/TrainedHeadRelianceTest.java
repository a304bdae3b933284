package io.memefusion.heads;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.features.Modality;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Modality reliance of real trained heads (issue 6): shuffling an unused modality changes nothing.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TrainedHeadRelianceTest {

  @Test
  void aTextOnlyHeadShowsNoImageDropAndEarlyFusionUsesBoth() {
    Synthetic synthetic = new Synthetic(16, 24, 1.0, 7);
    LabeledFeatures train = synthetic.split("train", 600, 1);
    LabeledFeatures dev = synthetic.split("dev", 300, 2);
    HyperParams hp = new HyperParams(16, 0.01, 0.0, 0.0, 32, 12, 1.0, 0);
    HeadTrainer trainer = new HeadTrainer(1);
    ModalityReliance reliance = new ModalityReliance(5, 2020);

    List<ModalityReliance.Result> text;
    List<ModalityReliance.Result> early;
    try (TrainingData data = TrainingData.of(train, dev);
        TrainedHead textHead =
            trainer.train(new TrialSpec(HeadKind.TEXT, hp, 1), data, EpochListener.NONE).head();
        TrainedHead earlyHead =
            trainer
                .train(new TrialSpec(HeadKind.EARLY_FUSION, hp, 1), data, EpochListener.NONE)
                .head()) {
      text = reliance.measure(textHead::predictProba, dev);
      early = reliance.measure(earlyHead::predictProba, dev);
    }

    assertThat(drop(text, Modality.IMAGE)).isZero();
    assertThat(drop(text, Modality.TEXT)).isGreaterThan(0.1);
    assertThat(drop(early, Modality.IMAGE)).isGreaterThan(0.02);
    assertThat(drop(early, Modality.TEXT)).isGreaterThan(0.02);
  }

  private static double drop(List<ModalityReliance.Result> results, Modality m) {
    return results.stream().filter(r -> r.modality() == m).findFirst().orElseThrow().drop();
  }
}
