package io.memefusion.dashboard.web;

import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.dashboard.charts.IntervalScale;
import io.memefusion.dashboard.store.DashboardDao;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.db.PredictionDao;
import io.memefusion.eval.Bootstrap;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.heads.HeadKind;
import io.memefusion.results.Fmt;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.StoredSweep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Builds the comparison of two sweeps. The paired bootstrap is the analysis' own ({@link
 * Bootstrap#paired}, {@link AnalysisSettings#defaults()}): both sweeps' chosen seeds scored on the
 * same resampled memes, so the interval is that of B − A from which memes the split contains.
 */
public final class ComparePages {
  private final DashboardStore store;

  public ComparePages(DashboardStore store) {
    this.store = store;
  }

  /** Empty when either sweep does not exist. */
  public Optional<CompareView> compare(long a, long b, ThresholdRule rule) {
    return store.read(h -> build(h, a, b, rule));
  }

  private Optional<CompareView> build(Handle h, long a, long b, ThresholdRule rule) {
    DashboardDao dao = h.attach(DashboardDao.class);
    Optional<SweepSummary> sa = dao.sweep(a);
    Optional<SweepSummary> sb = dao.sweep(b);
    Optional<SweepResults> ra = SweepResultsQuery.find(h, a);
    Optional<SweepResults> rb = SweepResultsQuery.find(h, b);
    if (sa.isEmpty() || sb.isEmpty() || ra.isEmpty() || rb.isEmpty()) {
      return Optional.empty();
    }
    List<CompareView.DiffGroup> diffs =
        ProvenanceDiff.of(
            StoredSweep.find(h, a).orElseThrow(), StoredSweep.find(h, b).orElseThrow());
    List<CompareView.Side> tables = new ArrayList<>();
    tables.add(side("dev", table(ra.get().devTables(), rule), table(rb.get().devTables(), rule)));
    tables.add(
        side("test", table(ra.get().testTables(), rule), table(rb.get().testTables(), rule)));
    AnalysisSettings settings = AnalysisSettings.defaults();
    List<CompareView.Paired> paired = new ArrayList<>();
    for (CompareView.Side s : tables) {
      ResultTable ta =
          table(s.role().equals("dev") ? ra.get().devTables() : ra.get().testTables(), rule);
      ResultTable tb =
          table(s.role().equals("dev") ? rb.get().devTables() : rb.get().testTables(), rule);
      for (CompareView.Row row : s.rows()) {
        paired.add(
            PairedComparison.of(
                h.attach(PredictionDao.class), settings.bootstrap(), row.model(), ta, tb));
      }
    }
    double lo = 0;
    double hi = 0;
    for (CompareView.Paired p : paired) {
      if (p.done()) {
        lo = Math.min(lo, p.strip().lower());
        hi = Math.max(hi, p.strip().upper());
      }
    }
    // the strips were computed in data units above; lay them out on one shared axis now
    IntervalScale scale = IntervalScale.fit(lo, hi, 0);
    List<CompareView.Paired> laid = new ArrayList<>();
    for (CompareView.Paired p : paired) {
      laid.add(
          p.done()
              ? new CompareView.Paired(
                  p.split(),
                  p.model(),
                  p.label(),
                  p.memes(),
                  p.delta(),
                  p.ci(),
                  p.verdict(),
                  p.cssClass(),
                  scale.strip(p.strip().lower(), p.strip().upper(), p.strip().estimate()),
                  null)
              : p);
    }
    String how =
        String.format(
            Locale.ROOT,
            "paired bootstrap, %,d %sresamples of the memes, seed %d, %d%% percentile intervals;"
                + " each sweep's chosen seeds averaged on every resample",
            settings.resamples(),
            settings.stratified() ? "stratified " : "",
            settings.seed(),
            Math.round(settings.level() * 100));
    return Optional.of(new CompareView(sa.get(), sb.get(), rule, diffs, tables, laid, scale, how));
  }

  private static ResultTable table(List<ResultTable> tables, ThresholdRule rule) {
    return tables.stream()
        .filter(t -> t.rule() == rule)
        .findFirst()
        .orElse(new ResultTable("", rule, List.of(), ""));
  }

  private static CompareView.Side side(String role, ResultTable a, ResultTable b) {
    Map<String, ModelRow> byA = byModel(a);
    Map<String, ModelRow> byB = byModel(b);
    List<CompareView.Row> rows = new ArrayList<>();
    for (HeadKind k : HeadKind.values()) {
      String m = k.dbName();
      if (!byA.containsKey(m) && !byB.containsKey(m)) {
        continue;
      }
      ModelRow x = byA.get(m);
      ModelRow y = byB.get(m);
      rows.add(
          new CompareView.Row(
              m,
              Fmt.model(m),
              x == null ? Fmt.NONE : x.configKey(),
              y == null ? Fmt.NONE : y.configKey(),
              cell(x, Metric.AUROC),
              cell(y, Metric.AUROC),
              delta(x, y, Metric.AUROC),
              cell(x, Metric.ACCURACY),
              cell(y, Metric.ACCURACY),
              delta(x, y, Metric.ACCURACY),
              cell(x, Metric.F1),
              cell(y, Metric.F1),
              delta(x, y, Metric.F1)));
    }
    return new CompareView.Side(
        role,
        a.split().isEmpty() ? Fmt.NONE : a.split(),
        b.split().isEmpty() ? Fmt.NONE : b.split(),
        rows);
  }

  static Map<String, ModelRow> byModel(ResultTable t) {
    Map<String, ModelRow> out = new LinkedHashMap<>();
    t.rows().forEach(r -> out.put(r.model(), r));
    return out;
  }

  private static String cell(ModelRow r, Metric m) {
    return r == null ? Fmt.NONE : Fmt.meanStd(r.metrics().get(m));
  }

  private static String delta(ModelRow x, ModelRow y, Metric m) {
    MeanStd a = x == null ? null : x.metrics().get(m);
    MeanStd b = y == null ? null : y.metrics().get(m);
    return a == null || b == null ? Fmt.NONE : Fmt.signed(b.mean() - a.mean());
  }
}
