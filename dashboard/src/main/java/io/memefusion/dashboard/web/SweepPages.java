package io.memefusion.dashboard.web;

import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.dashboard.charts.ChartBuilder;
import io.memefusion.dashboard.charts.Roc;
import io.memefusion.dashboard.store.DashboardDao;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.store.HyperparamSpread;
import io.memefusion.dashboard.store.SplitRoles;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.dashboard.store.TrialSort;
import io.memefusion.dashboard.store.TrialsQuery;
import io.memefusion.data.Meme;
import io.memefusion.db.PredictionDao;
import io.memefusion.db.PredictionRow;
import io.memefusion.eval.Confounders;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.heads.HeadKind;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import io.memefusion.sweep.StoredSweep;
import io.memefusion.sweep.SweepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** How many confounder groups of each kind and split the Analysis section shows as pictures. */
  static final int EXAMPLE_GROUPS = 2;

  static final int EXAMPLE_MEMES = 4;

  private final AnalysisSection analysisSection = new AnalysisSection();
  private final MemeImages memes;

  public SweepPages(DashboardStore store, Formats formats, MemeImages memes) {
    this.store = store;
    this.formats = formats;
    this.memes = memes;
  }

  /**
   * The URL parameters of a sweep page, as given (any may be null); {@code all} holds every query
   * parameter, for the configurations table and plot ({@link ExplorePages#query}).
   */
  public record Params(
      String rule,
      String sort,
      String dir,
      String model,
      String page,
      Map<String, List<String>> all) {
    public Params {
      all = all == null ? Map.of() : Map.copyOf(all);
    }
  }

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
      roc.add(rocPanel(h.attach(PredictionDao.class), roles.dev(), dev));
    }
    if (roles.test() != null) {
      roc.add(rocPanel(h.attach(PredictionDao.class), roles.test(), test));
    }
    Optional<SweepAnalysisResult> stored = AnalysisSection.load(jdbi, sweepId);
    SweepContext context = StoredSweep.find(h, sweepId).map(StoredSweep::context).orElse(null);
    AnalysisView analysis = analysisSection.view(sweepId, stored, results.get(), rule);
    ExploreView explore =
        ExplorePages.view(
            ExplorePages.configurations(h, sweepId, rule, results.get(), trials.models()),
            ExplorePages.query(sweepId, rule, params.all()));
    return Optional.of(
        new SweepView(
            sweep.get(),
            ProvenanceView.of(context),
            trials.query(),
            dev,
            test,
            roc,
            analysis,
            trials,
            explore,
            stored.map(a -> examples(sweepId, context, a)).orElse(List.of())));
  }

  /** The configurations table and plot of a sweep alone (their htmx swaps). */
  public Optional<ExploreView> explore(long sweepId, Params params) {
    return store.read(
        h -> {
          Optional<SweepResults> results = SweepResultsQuery.find(h, sweepId);
          if (results.isEmpty()) {
            return Optional.empty();
          }
          ThresholdRule rule = rule(params.rule());
          List<String> models = orderedModels(h.attach(DashboardDao.class).models(sweepId));
          return Optional.of(
              ExplorePages.view(
                  ExplorePages.configurations(h, sweepId, rule, results.get(), models),
                  ExplorePages.query(sweepId, rule, params.all())));
        });
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
    SplitRoles roles = SplitRoles.of(h, sweepId);
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

  /** The first groups of each kind per split, their memes with pictures and captions. */
  private List<SweepView.ConfounderExample> examples(
      long sweepId, SweepContext context, SweepAnalysisResult a) {
    List<SweepView.ConfounderExample> out = new ArrayList<>();
    for (SweepAnalysisResult.ConfounderGroups g : a.confounderGroups()) {
      for (Confounders.Kind kind : Confounders.Kind.values()) {
        g.groups().stream()
            .filter(group -> group.kind() == kind)
            .limit(EXAMPLE_GROUPS)
            .forEach(
                group -> {
                  List<SweepView.ExampleMeme> ms = new ArrayList<>();
                  for (String id : group.memeIds().stream().limit(EXAMPLE_MEMES).toList()) {
                    Optional<Meme> m = memes.meme(sweepId, context, id);
                    ms.add(
                        new SweepView.ExampleMeme(
                            id,
                            m.map(Meme::label).orElse(null),
                            m.map(Meme::text).orElse(null),
                            "/sweeps/" + sweepId + "/memes/" + id));
                  }
                  out.add(
                      new SweepView.ConfounderExample(
                          g.split(), kind.name().toLowerCase(java.util.Locale.ROOT), ms));
                });
      }
    }
    return out;
  }

  private SweepView.RocPanel rocPanel(PredictionDao dao, String split, ResultTable table) {
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
            dao.ofTrial(trialId, split).stream().filter(pr -> pr.label() != null).toList();
        double[] scores = preds.stream().mapToDouble(pr -> (double) pr.proba()).toArray();
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
  static List<String> orderedModels(List<String> present) {
    List<String> out = new ArrayList<>();
    for (HeadKind k : HeadKind.values()) {
      if (present.contains(k.dbName())) {
        out.add(k.dbName());
      }
    }
    return out;
  }

  public static ThresholdRule rule(String name) {
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
