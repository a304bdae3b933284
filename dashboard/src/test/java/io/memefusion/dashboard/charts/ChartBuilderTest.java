package io.memefusion.dashboard.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartBuilderTest {
  @Test
  void histogramBarsStandOnTheAxisAndDotsSkipMissingValues() {
    LineChart c =
        new ChartBuilder("reliability", "p", "observed")
            .size(280, 250)
            .x(0, 1)
            .y(0, 1)
            .histogram(
                "counts",
                List.of(new double[] {0, 0.5, 10}, new double[] {0.5, 1, 40}),
                List.of("low", "high"),
                0.25)
            .dot(0.3, 0.2, "s-text", "bin 1")
            .dot(Double.NaN, 0.5, "s-text", "empty bin")
            .build();
    assertThat(c.width()).isEqualTo(280);
    assertThat(c.height()).isEqualTo(250);
    LineChart.Box plot = c.plot();
    assertThat(c.bars()).hasSize(2);
    for (LineChart.Bar b : c.bars()) {
      assertThat(b.y() + b.height()).isCloseTo(plot.bottom(), within(1e-9));
    }
    // the tallest bar is a quarter of the plot, the others in proportion
    assertThat(c.bars().get(1).height()).isCloseTo(0.25 * plot.height(), within(1e-9));
    assertThat(c.bars().get(0).height()).isCloseTo(0.25 * plot.height() / 4, within(1e-9));
    assertThat(c.dots()).singleElement().satisfies(d -> assertThat(d.label()).isEqualTo("bin 1"));
    assertThat(c.isEmpty()).isFalse();
  }

  @Test
  void tooSmallAChartIsRefused() {
    assertThatThrownBy(() -> new ChartBuilder("t", "x", "y").size(50, 50))
        .hasMessageContaining("at least 120 × 100, got 50 × 50");
  }
}
