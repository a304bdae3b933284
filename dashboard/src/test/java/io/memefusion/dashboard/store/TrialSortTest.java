package io.memefusion.dashboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.eval.Metric;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TrialSortTest {
  private static final Set<String> KEYS = Set.of("lr", "dropout");

  @Test
  void parsesColumnsAndHyperparameters() {
    TrialSort s = TrialSort.parse("test_auroc", "desc", KEYS);
    assertThat(s.column()).isEqualTo(TrialSort.Column.TEST_AUROC);
    assertThat(s.descending()).isTrue();
    assertThat(s.orderBy()).isEqualTo("tm.auroc DESC NULLS LAST, t.ordinal");
    assertThat(TrialSort.Column.of("dev", Metric.F1)).isEqualTo(TrialSort.Column.DEV_F1);

    TrialSort hp = TrialSort.parse("hp.lr", "asc", KEYS);
    assertThat(hp.hyperparam()).isEqualTo("lr");
    assertThat(hp.param()).isEqualTo("hp.lr");
    // the key is a bound parameter, never part of the SQL text
    assertThat(hp.orderBy()).contains(":hp").doesNotContain("'lr'");
  }

  @Test
  void anythingElseFallsBackToTrialOrder() {
    for (String bad :
        new String[] {null, "", "hp.unknown", "auroc; DROP TABLE trial", "HYPERPARAM"}) {
      assertThat(TrialSort.parse(bad, "desc", KEYS)).as(bad).isEqualTo(TrialSort.DEFAULT);
    }
    assertThat(TrialSort.parse("hp.lr'--", "asc", KEYS)).isEqualTo(TrialSort.DEFAULT);
  }
}
