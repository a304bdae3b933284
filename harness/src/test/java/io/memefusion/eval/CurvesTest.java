package io.memefusion.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CurvesTest {

  @Test
  void rocRunsFromOriginToOneOneAndItsAreaIsTheAuroc() {
    int[] labels = {0, 0, 1, 1, 0, 1};
    double[] p = {0.1, 0.4, 0.35, 0.8, 0.4, 0.9};
    List<Curves.Point> roc = Curves.roc(labels, p);

    assertThat(roc.get(0)).isEqualTo(new Curves.Point(0, 0));
    assertThat(roc.get(roc.size() - 1)).isEqualTo(new Curves.Point(1, 1));
    double area = 0;
    for (int i = 1; i < roc.size(); i++) {
      area += (roc.get(i).x() - roc.get(i - 1).x()) * (roc.get(i).y() + roc.get(i - 1).y()) / 2;
    }
    assertThat(area)
        .isCloseTo(Statistic.auroc().of(labels, p), org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void precisionRecallEndsAtFullRecallWithThePrevalence() {
    int[] labels = {0, 1, 1, 0};
    double[] p = {0.2, 0.9, 0.6, 0.7};
    List<Curves.Point> pr = Curves.precisionRecall(labels, p);
    assertThat(pr.get(0)).isEqualTo(new Curves.Point(0, 1));
    assertThat(pr.get(pr.size() - 1)).isEqualTo(new Curves.Point(1, 0.5));
  }

  @Test
  void confusionCountsUseAtLeastTheThreshold() {
    ConfusionCounts c =
        ConfusionCounts.at(new int[] {1, 0, 1, 0}, new double[] {0.5, 0.5, 0.2, 0.1}, 0.5);
    assertThat(c).isEqualTo(new ConfusionCounts(1, 1, 1, 1));
    assertThat(c.accuracy()).isEqualTo(0.5);
  }
}
