package io.memefusion.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.analysis.AnalysisSettings;
import io.memefusion.dashboard.charts.IntervalScale;
import io.memefusion.dashboard.store.DashboardDao;
import io.memefusion.dashboard.store.DashboardStore;
import io.memefusion.dashboard.store.JsonText;
import io.memefusion.dashboard.store.PredictionRow;
import io.memefusion.dashboard.store.SweepSummary;
import io.memefusion.eval.Bootstrap;
import io.memefusion.eval.Interval;
import io.memefusion.eval.Metric;
import io.memefusion.eval.PairedDifference;
import io.memefusion.eval.Statistic;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.heads.HeadKind;
import io.memefusion.results.Fmt;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.results.SweepResultsQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
    JsonNode ca = dao.context(a).orElse(null);
    JsonNode cb = dao.context(b).orElse(null);
    JsonNode pa = dao.spec(a).orElse(null);
    JsonNode pb = dao.spec(b).orElse(null);
    List<CompareView.DiffGroup> diffs = differences(ca, cb, pa, pb);
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
        paired.add(paired(dao, settings.bootstrap(), row.model(), ta, tb));
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

  private static Map<String, ModelRow> byModel(ResultTable t) {
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

  /** B − A on AUROC for one model and split, or the reason there is none. */
  private static CompareView.Paired paired(
      DashboardDao dao, Bootstrap bootstrap, String model, ResultTable a, ResultTable b) {
    String label = Fmt.model(model);
    ModelRow x = byModel(a).get(model);
    ModelRow y = byModel(b).get(model);
    String split = a.split().isEmpty() ? b.split() : a.split();
    if (x == null || y == null) {
      return skipped(
          split,
          model,
          label,
          (x == null ? "A" : "B") + " has no chosen " + label + " configuration here");
    }
    if (!a.split().equals(b.split())) {
      return skipped(
          split,
          model,
          label,
          "A was scored on " + a.split() + ", B on " + b.split() + ": not the same memes");
    }
    Scores sa = Scores.load(dao, x.trialIds(), split);
    Scores sb = Scores.load(dao, y.trialIds(), split);
    if (sa.ids().isEmpty() || sb.ids().isEmpty()) {
      return skipped(split, model, label, "no stored predictions on " + split);
    }
    if (!sa.ids().equals(sb.ids())) {
      Set<String> common = new TreeSet<>(sa.ids());
      common.retainAll(new TreeSet<>(sb.ids()));
      return skipped(
          split,
          model,
          label,
          String.format(
              Locale.ROOT,
              "not the same memes: A scored %d, B %d, %d in common (other data, or memes dropped"
                  + " for missing images)",
              sa.ids().size(),
              sb.ids().size(),
              common.size()));
    }
    int differ = 0;
    for (int i = 0; i < sa.labels().length; i++) {
      differ += sa.labels()[i] != sb.labels()[i] ? 1 : 0;
    }
    if (differ > 0 || !sa.labeled() || !sb.labeled()) {
      return skipped(
          split,
          model,
          label,
          differ > 0
              ? "the same ids carry different labels in " + differ + " memes: other data"
              : "the memes are unlabeled");
    }
    PairedDifference d = bootstrap.paired(sa.labels(), sb.probas(), sa.probas(), Statistic.auroc());
    Interval i = d.difference();
    String verdict;
    String css;
    if (d.aboveZero()) {
      verdict = "B better beyond noise";
      css = "up";
    } else if (d.belowZero()) {
      verdict = "A better beyond noise";
      css = "down";
    } else {
      verdict = "within noise: the interval includes 0";
      css = "flat";
    }
    return new CompareView.Paired(
        split,
        model,
        label,
        sa.ids().size(),
        Fmt.signed(i.estimate()),
        Fmt.signedCi(i),
        verdict,
        css,
        new io.memefusion.dashboard.charts.IntervalScale.Strip(
            Double.isNaN(i.lower()) ? i.estimate() : i.lower(),
            Double.isNaN(i.upper()) ? i.estimate() : i.upper(),
            i.estimate(),
            !Double.isNaN(i.lower())),
        null);
  }

  private static CompareView.Paired skipped(String split, String model, String label, String why) {
    return new CompareView.Paired(
        split, model, label, 0, Fmt.NONE, Fmt.NONE, "", "flat", null, why);
  }

  /** One model's chosen seeds on a split, aligned on the memes every seed scored (id order). */
  record Scores(List<String> ids, int[] labels, boolean labeled, List<double[]> probas) {
    static Scores load(DashboardDao dao, List<Long> trialIds, String split) {
      List<Map<String, PredictionRow>> seeds = new ArrayList<>();
      for (long t : trialIds) {
        Map<String, PredictionRow> rows = new LinkedHashMap<>();
        dao.predictions(t, split).forEach(p -> rows.put(p.memeId(), p));
        if (!rows.isEmpty()) {
          seeds.add(rows);
        }
      }
      if (seeds.isEmpty()) {
        return new Scores(List.of(), new int[0], false, List.of());
      }
      Set<String> common = new LinkedHashSet<>(seeds.get(0).keySet());
      seeds.forEach(s -> common.retainAll(s.keySet()));
      List<String> ids = new ArrayList<>(new TreeSet<>(common));
      int[] labels = new int[ids.size()];
      boolean labeled = true;
      for (int i = 0; i < ids.size(); i++) {
        Integer l = seeds.get(0).get(ids.get(i)).label();
        labeled &= l != null;
        labels[i] = l == null ? 0 : l;
      }
      List<double[]> probas = new ArrayList<>();
      for (Map<String, PredictionRow> s : seeds) {
        probas.add(ids.stream().mapToDouble(id -> s.get(id).proba()).toArray());
      }
      return new Scores(ids, labels, labeled, probas);
    }
  }

  /** Provenance that differs, grouped: encoders, recipe, grid, data (each listed even if same). */
  static List<CompareView.DiffGroup> differences(
      JsonNode ca, JsonNode cb, JsonNode pa, JsonNode pb) {
    Map<String, String> ctxA = flatten(ca);
    Map<String, String> ctxB = flatten(cb);
    Map<String, String> specA = flatten(pa);
    Map<String, String> specB = flatten(pb);
    List<CompareView.DiffGroup> groups = new ArrayList<>();
    groups.add(
        group(
            "encoders",
            "text and image models, their weights and preprocessing",
            ctxA,
            ctxB,
            List.of("features", "features_key", "notes")));
    groups.add(
        group(
            "recipe",
            "how the heads were trained and thresholded",
            specA,
            specB,
            List.of(
                "precision",
                "holdout_fraction",
                "split_seed",
                "holdout_test",
                "same_memes",
                "search",
                "samples",
                "search_seed")));
    groups.add(
        group(
            "grid",
            "models, hyperparameter values, seeds",
            specA,
            specB,
            List.of("models", "params", "seeds")));
    groups.add(
        group(
            "data",
            "dataset, splits and their rows",
            ctxA,
            ctxB,
            List.of("dataset", "splits", "rows", "dropped_missing_image", "holdout_test")));
    return groups;
  }

  private static CompareView.DiffGroup group(
      String name,
      String what,
      Map<String, String> a,
      Map<String, String> b,
      List<String> prefixes) {
    Set<String> keys = new TreeSet<>();
    for (String k : a.keySet()) {
      if (under(k, prefixes)) {
        keys.add(k);
      }
    }
    for (String k : b.keySet()) {
      if (under(k, prefixes)) {
        keys.add(k);
      }
    }
    List<CompareView.Diff> diffs = new ArrayList<>();
    for (String k : keys) {
      String x = a.getOrDefault(k, Fmt.NONE);
      String y = b.getOrDefault(k, Fmt.NONE);
      if (!x.equals(y)) {
        diffs.add(new CompareView.Diff(k, x, y));
      }
    }
    return new CompareView.DiffGroup(name, what, diffs);
  }

  private static boolean under(String key, List<String> prefixes) {
    for (String p : prefixes) {
      if (key.equals(p) || key.startsWith(p + ".") || key.startsWith(p + "[")) {
        return true;
      }
    }
    return false;
  }

  /** "a.b.c" → value text; arrays of scalars stay one value ("[0.001, 0.01]"). */
  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    if (node != null) {
      flatten("", node, out);
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      out));
    } else if (node.isArray()) {
      boolean scalars = true;
      for (JsonNode n : node) {
        scalars &= n.isValueNode();
      }
      if (scalars) {
        List<String> vs = new ArrayList<>();
        node.forEach(n -> vs.add(JsonText.of(n)));
        out.put(prefix, "[" + String.join(", ", vs) + "]");
      } else {
        for (int i = 0; i < node.size(); i++) {
          flatten(prefix + "[" + i + "]", node.get(i), out);
        }
      }
    } else {
      out.put(prefix, JsonText.of(node));
    }
  }
}
