package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.ChartBuilder;
import io.memefusion.dashboard.charts.Roc;
import io.memefusion.dashboard.store.DashboardDao;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.store.HyperparamSpread;
import io.memefusion.dashboard.store.PredictionRow;
import io.memefusion.dashboard.store.SplitRoles;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.dashboard.store.TrialSort;
import io.memefusion.dashboard.store.TrialsQuery;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.heads.HeadKind;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds the sweeps list and the parts of a sweep page. The dev and test tables come from the
 * harness's {@link SweepResultsQuery}, the code behind {@code ./memefusion export}, run on the
 * dashboard's read-only handle.
 */
public final class SweepPages {
  static final int PAGE_SIZE = 25;
  private static final int ROC_GRID = 101;

  private final DashboardStore store;
  private final Formats formats;
  private final AnalysisSection analysisSection = new AnalysisSection();

  public SweepPages(DashboardStore store, Formats formats) {
    this.store = store;
    this.formats = formats;
  }

  /** The URL parameters of a sweep page, as given (any may be null). */
  public record Params(String rule, String sort, String dir, String model, String page) {}

  public List<SweepSummary> sweeps() {
    return store.read(h -> h.attach(DashboardDao.class).sweeps());
  }

  public Optional<SweepSummary> summary(long sweepId) {
    return store.read(h -> h.attach(DashboardDao.class).sweep(sweepId));
  }

  public Optional<SweepView> sweep(long sweepId, Params params) {
    // the harness's analysis reader takes a Jdbi: inside readThrough it gets this same handle
    return store.readThrough(jdbi -> jdbi.withHandle(h -> sweep(jdbi, h, sweepId, params)));
  }

  private Optional<SweepView> sweep(Jdbi jdbi, Handle h, long sweepId, Params params) {
    DashboardDao dao = h.attach(DashboardDao.class);
    Optional<SweepSummary> sweep = dao.sweep(sweepId);
    Optional<SweepResults> results = SweepResultsQuery.find(h, sweepId);
    if (sweep.isEmpty() || results.isEmpty()) {
      return Optional.empty();
    }
    TrialsView trials = trials(h, sweepId, params);
    ThresholdRule rule = trials.query().rule();
    ResultTable dev = forRule(results.get().devTables(), rule);
    ResultTable test = forRule(results.get().testTables(), rule);
    List<SweepView.RocPanel> roc = new ArrayList<>();
    SplitRoles roles = trials.roles();
    if (roles.dev() != null) {
      roc.add(rocPanel(dao, roles.dev(), dev));
    }
    if (roles.test() != null) {
      roc.add(rocPanel(dao, roles.test(), test));
    }
    AnalysisView analysis =
        analysisSection.view(sweepId, AnalysisSection.load(jdbi, sweepId), results.get(), rule);
    return Optional.of(
        new SweepView(sweep.get(), trials.query(), dev, test, roc, analysis, trials));
  }

  public Optional<TrialsView> trials(long sweepId, Params params) {
    return store.read(
        h ->
            h.attach(DashboardDao.class).sweep(sweepId).isEmpty()
                ? Optional.empty()
                : Optional.of(trials(h, sweepId, params)));
  }

  private TrialsView trials(Handle h, long sweepId, Params p) {
    DashboardDao dao = h.attach(DashboardDao.class);
    List<HyperparamSpread> hps = dao.hyperparams(sweepId);
    Set<String> keys = hps.stream().map(HyperparamSpread::key).collect(Collectors.toSet());
    List<String> models = orderedModels(dao.models(sweepId));
    String model = p.model() != null && models.contains(p.model()) ? p.model() : null;
    SweepQuery q =
        new SweepQuery(
            sweepId,
            rule(p.rule()),
            TrialSort.parse(p.sort(), p.dir(), keys),
            model,
            page(p.page()));
    SplitRoles roles =
        SplitRoles.of(
            dao.context(sweepId).orElse(null),
            dao.datasetSplits(sweepId),
            dao.metricSplits(sweepId));
    TrialsQuery.Page page =
        TrialsQuery.page(
            h,
            new TrialsQuery.Filter(sweepId, roles, q.rule(), q.model()),
            q.sort(),
            q.page(),
            PAGE_SIZE);
    // a page number past the end was clamped by the query: keep links consistent with it
    q = q.withPage(page.page());
    boolean live = dao.sweep(sweepId).map(SweepSummary::isRunning).orElse(false);
    return new TrialsView(
        q,
        page,
        models,
        live,
        hps.stream().filter(HyperparamSpread::varies).toList(),
        hps.stream().filter(hp -> !hp.varies()).toList(),
        roles);
  }

  private SweepView.RocPanel rocPanel(DashboardDao dao, String split, ResultTable table) {
    ChartBuilder chart =
        new ChartBuilder("ROC on " + split, "false positive rate", "true positive rate")
            .x(0, 1)
            .y(0, 1)
            .guide(0, 0, 1, 1, "chance", "chance");
    List<SweepView.Legend> legend = new ArrayList<>();
    for (ModelRow row : table.rows()) {
      List<List<double[]>> curves = new ArrayList<>();
      for (long trialId : row.trialIds()) {
        List<PredictionRow> preds =
            dao.predictions(trialId, split).stream().filter(pr -> pr.label() != null).toList();
        double[] scores = preds.stream().mapToDouble(PredictionRow::proba).toArray();
        int[] labels = preds.stream().mapToInt(PredictionRow::label).toArray();
        curves.add(Roc.curve(scores, labels));
      }
      List<double[]> mean = Roc.mean(curves, ROC_GRID);
      if (mean.isEmpty()) {
        continue;
      }
      String css = "s-" + row.model();
      chart.series(row.model(), css, mean);
      MeanStd auroc = row.metrics().get(Metric.AUROC);
      legend.add(
          new SweepView.Legend(
              row.model(),
              css,
              "AUROC " + formats.meanStd(auroc) + " · " + row.trialIds().size() + " seed(s)"));
    }
    String note =
        legend.isEmpty()
            ? "no labeled predictions on " + split + " for the chosen configurations"
            : "mean over seeds of each model's chosen configuration (vertical averaging)";
    return new SweepView.RocPanel(split, chart.build(), legend, note);
  }

  private static ResultTable forRule(List<ResultTable> tables, ThresholdRule rule) {
    return tables.stream()
        .filter(t -> t.rule() == rule)
        .findFirst()
        .orElse(new ResultTable("", rule, List.of(), "no table for threshold " + rule.dbName()));
  }

  /** Models in the study's order: text, image, early fusion, late fusion. */
  private static List<String> orderedModels(List<String> present) {
    List<String> out = new ArrayList<>();
    for (HeadKind k : HeadKind.values()) {
      if (present.contains(k.dbName())) {
        out.add(k.dbName());
      }
    }
    return out;
  }

  static ThresholdRule rule(String name) {
    for (ThresholdRule r : ThresholdRule.values()) {
      if (r.dbName().equals(name)) {
        return r;
      }
    }
    return ThresholdRule.FIXED_05;
  }

  private static int page(String p) {
    try {
      return p == null ? 1 : Math.max(1, Integer.parseInt(p));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
