package io.memefusion.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.memefusion.UserException;
import io.memefusion.db.MetricDao;
import io.memefusion.db.PredictionDao;
import io.memefusion.db.SweepDao;
import io.memefusion.db.SweepRow;
import io.memefusion.db.TrialCounts;
import io.memefusion.db.TrialDao;
import io.memefusion.db.TrialMetricView;
import io.memefusion.eval.Metric;
import io.memefusion.eval.ThresholdRule;
import io.memefusion.heads.HeadKind;
import io.memefusion.sweep.SpecParser;
import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one place that turns a sweep's recorded trials into its result tables (CLI export, the
 * terminal summary, the dashboard and the PDF report all call this).
 *
 * <p>Per model, the configuration with the highest mean dev AUROC over its seeds is chosen (ties:
 * more seeds, then the configuration listed first in the spec); its metrics are reported as mean ±
 * sample std over those seeds, on dev and on test, under both threshold rules. Test never takes
 * part in the choice. Only finished ('done') trials count; a partial sweep says so in the notes.
 * Each table also gets the seed ensembles of its rows ({@link EnsembleScorer}).
 */
public final class SweepResultsQuery {
  private final Jdbi jdbi;

  public SweepResultsQuery(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The tables of a sweep; a {@link UserException} when there is no such sweep. */
  public SweepResults results(long sweepId) {
    return jdbi.withHandle(h -> find(h, sweepId))
        .orElseThrow(() -> new UserException("no sweep with id " + sweepId));
  }

  /** Tables of the other labeled splits (e.g. dev_unseen, test_unseen), both rules each. */
  public List<ResultTable> extraTables(long sweepId) {
    return jdbi.withHandle(
        h -> {
          Loaded l = load(h, sweepId).orElseThrow(() -> new UserException("no sweep " + sweepId));
          List<ResultTable> out = new ArrayList<>();
          for (String split : l.context.extraSplits()) {
            for (ThresholdRule rule : ThresholdRule.values()) {
              ResultTable t = l.table(split, rule);
              if (!t.rows().isEmpty()) {
                out.add(t);
              }
            }
          }
          return out;
        });
  }

  /** The tables computed on a caller's handle (the dashboard's read-only one); empty if none. */
  public static Optional<SweepResults> find(Handle h, long sweepId) {
    return load(h, sweepId).map(Loaded::results);
  }

  private static Optional<Loaded> load(Handle h, long sweepId) {
    Optional<SweepRow> sweep = h.attach(SweepDao.class).find(sweepId);
    if (sweep.isEmpty()) {
      return Optional.empty();
    }
    SweepContext context = SweepContext.fromJson(sweep.get().context());
    SweepSpec spec = SpecParser.parse(sweep.get().spec(), "sweep " + sweepId + " spec");
    List<TrialMetricView> metrics = h.attach(MetricDao.class).ofSweep(sweepId);
    TrialCounts counts = h.attach(TrialDao.class).counts(sweepId);
    EnsembleScorer ensembles =
        new EnsembleScorer(h.attach(PredictionDao.class), context.holdoutSplit(), metrics);
    return Optional.of(new Loaded(sweep.get(), spec, context, metrics, counts, ensembles));
  }

  /** A sweep's rows in memory and the selection made on them. */
  private static final class Loaded {
    final SweepRow sweep;
    final SweepSpec spec;
    final SweepContext context;
    final List<TrialMetricView> metrics;
    final TrialCounts counts;
    final EnsembleScorer ensembles;

    /** model -> chosen configuration key */
    final Map<HeadKind, String> chosen = new EnumMap<>(HeadKind.class);

    Loaded(
        SweepRow sweep,
        SweepSpec spec,
        SweepContext context,
        List<TrialMetricView> metrics,
        TrialCounts counts,
        EnsembleScorer ensembles) {
      this.sweep = sweep;
      this.spec = spec;
      this.context = context;
      this.metrics = metrics;
      this.counts = counts;
      this.ensembles = ensembles;
      chooseOnDev();
    }

    private void chooseOnDev() {
      // AUROC does not depend on the threshold: read it from the fixed_0.5 rows only
      Map<HeadKind, Map<String, List<Double>>> devAuroc = new EnumMap<>(HeadKind.class);
      Map<String, Integer> firstOrdinal = new LinkedHashMap<>();
      for (TrialMetricView m : metrics) {
        if (m.split().equals(context.devSplit())
            && m.thresholdRule().equals(ThresholdRule.FIXED_05.dbName())
            && m.auroc() != null) {
          devAuroc
              .computeIfAbsent(HeadKind.fromDbName(m.model()), k -> new LinkedHashMap<>())
              .computeIfAbsent(m.configKey(), k -> new ArrayList<>())
              .add(m.auroc());
          firstOrdinal.merge(m.configKey(), m.ordinal(), Math::min);
        }
      }
      devAuroc.forEach(
          (model, configs) ->
              configs.entrySet().stream()
                  .max(
                      Comparator.comparingDouble(
                              (Map.Entry<String, List<Double>> e) -> mean(e.getValue()))
                          .thenComparingInt(e -> e.getValue().size())
                          .thenComparing(
                              e -> firstOrdinal.get(e.getKey()), Comparator.reverseOrder()))
                  .ifPresent(e -> chosen.put(model, e.getKey())));
    }

    SweepResults results() {
      List<ResultTable> dev = new ArrayList<>();
      List<ResultTable> test = new ArrayList<>();
      for (ThresholdRule rule : ThresholdRule.values()) {
        dev.add(table(context.devSplit(), rule));
        test.add(testTable(rule));
      }
      return new SweepResults(sweep.id(), sweep.name(), dev, test);
    }

    private ResultTable testTable(ThresholdRule rule) {
      if (context.testSplit() == null) {
        return new ResultTable(
            "test", rule, List.of(), "this dataset has no test split: no test metrics");
      }
      if (!context.testLabeled()) {
        return new ResultTable(
            context.testSplit(),
            rule,
            List.of(),
            "test split "
                + context.testSplit()
                + " is unlabeled: predictions stored, metrics skipped"
                + " (--holdout-test FRACTION carves a labeled test from train)");
      }
      return table(context.testSplit(), rule);
    }

    ResultTable table(String split, ThresholdRule rule) {
      List<ModelRow> rows = new ArrayList<>();
      List<String> waiting = new ArrayList<>();
      for (HeadKind model : spec.models()) {
        String config = chosen.get(model);
        List<TrialMetricView> seeds = new ArrayList<>();
        for (TrialMetricView m : metrics) {
          if (m.model().equals(model.dbName())
              && m.configKey().equals(config)
              && m.split().equals(split)
              && m.thresholdRule().equals(rule.dbName())) {
            seeds.add(m);
          }
        }
        if (seeds.isEmpty()) {
          waiting.add(model.dbName());
          continue;
        }
        Map<Metric, MeanStd> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
          List<Double> xs = new ArrayList<>();
          for (TrialMetricView m : seeds) {
            Double v = value(m, metric);
            if (v != null) {
              xs.add(v);
            }
          }
          if (!xs.isEmpty()) {
            values.put(metric, meanStd(xs));
          }
        }
        JsonNode hp = seeds.get(0).hyperparams();
        List<Long> ids = seeds.stream().map(TrialMetricView::trialId).toList();
        rows.add(new ModelRow(model.dbName(), config, hp, ids, values));
      }
      return new ResultTable(split, rule, rows, note(waiting), ensembles.of(split, rule, rows));
    }

    private String note(List<String> waiting) {
      StringJoiner note = new StringJoiner(" ");
      if (counts.done() < counts.total()) {
        note.add("Partial: " + counts.done() + " of " + counts.total() + " trials done.");
      }
      if (!waiting.isEmpty()) {
        note.add("No finished trials yet for " + String.join(", ", waiting) + ".");
      }
      if (context.holdoutTest() > 0) {
        note.add(
            "Test is a stratified "
                + Math.round(context.holdoutTest() * 100)
                + "% of train held out (--holdout-test), not the dataset's test split.");
      }
      context.notes().forEach(note::add);
      return note.toString();
    }
  }

  static Double value(TrialMetricView m, Metric metric) {
    switch (metric) {
      case ACCURACY:
        return m.accuracy();
      case PRECISION:
        return m.precision();
      case RECALL:
        return m.recall();
      case F1:
        return m.f1();
      case AUROC:
        return m.auroc();
      default:
        throw new AssertionError(metric);
    }
  }

  /** Mean and sample standard deviation (n - 1; 0 for a single value). */
  static MeanStd meanStd(List<Double> xs) {
    double mean = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - mean) * (x - mean);
    }
    double std = xs.size() > 1 ? Math.sqrt(ss / (xs.size() - 1)) : 0;
    return new MeanStd(mean, std, xs.size());
  }

  private static double mean(List<Double> xs) {
    double sum = 0;
    for (double x : xs) {
      sum += x;
    }
    return sum / xs.size();
  }
}
