package io.memefusion.analysis;

import io.memefusion.analysis.SweepAnalysisResult.RelianceSummary;
import io.memefusion.data.Dataset;
import io.memefusion.db.AnalysisDao;
import io.memefusion.features.Modality;
import io.memefusion.results.MeanStd;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import io.memefusion.results.SweepResults;
import io.memefusion.sweep.StoredSweep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Computes the analysis of a sweep from the predictions it stored, for the configuration of each
 * model chosen on dev (the trials of the rows of {@link SweepResults}), stores it and returns it:
 * bootstrap intervals, paired comparisons, calibration, modality reliance (recorded per trial by
 * the runner, aggregated here) and confounder accuracy (needs the dataset for the groups).
 */
public final class SweepAnalysis {
  /**
   * The comparisons "does fusion help" and "early vs late", then each interaction head against
   * text-only and early fusion: A minus B on AUROC (pairs whose models are not in the sweep are
   * skipped).
   */
  static final List<List<String>> PAIRS =
      List.of(
          List.of("early_fusion", "text"),
          List.of("late_fusion", "text"),
          List.of("early_fusion", "late_fusion"),
          List.of("align_fusion", "text"),
          List.of("bilinear_fusion", "text"),
          List.of("gated_fusion", "text"),
          List.of("align_fusion", "early_fusion"),
          List.of("bilinear_fusion", "early_fusion"),
          List.of("gated_fusion", "early_fusion"));

  private final Jdbi jdbi;
  private final AnalysisSettings settings;

  public SweepAnalysis(Jdbi jdbi, AnalysisSettings settings) {
    this.jdbi = jdbi;
    this.settings = settings;
  }

  /** Analyses the sweep of {@code results}, replaces its stored analysis and returns it. */
  public SweepAnalysisResult analyze(SweepResults results, Optional<Dataset> dataset) {
    SweepAnalysisResult result = compute(results, dataset);
    new AnalysisStore(jdbi).save(result);
    return result;
  }

  /** The stored analysis of a sweep, if it was analysed. */
  public Optional<SweepAnalysisResult> load(long sweepId) {
    return new AnalysisStore(jdbi).load(sweepId);
  }

  /**
   * model → chosen row (configuration and trials), in model order, from the first table that has
   * it.
   */
  public static Map<String, ModelRow> chosen(SweepResults results) {
    Map<String, ModelRow> chosen = new TreeMap<>(Splits.MODEL_ORDER);
    List<ResultTable> tables = new ArrayList<>(results.devTables());
    tables.addAll(results.testTables());
    for (ResultTable t : tables) {
      for (ModelRow row : t.rows()) {
        if (!row.trialIds().isEmpty()) {
          chosen.putIfAbsent(row.model(), row);
        }
      }
    }
    return chosen;
  }

  SweepAnalysisResult compute(SweepResults results, Optional<Dataset> dataset) {
    Map<String, ModelRow> chosen = chosen(results);
    List<Long> allTrials = chosen.values().stream().flatMap(r -> r.trialIds().stream()).toList();
    if (allTrials.isEmpty()) {
      return new SweepAnalysisResult(
          results.sweepId(),
          settings,
          Map.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of("the sweep has no finished trials to analyse"));
    }
    AnalysisDao dao = jdbi.onDemand(AnalysisDao.class);
    Map<String, Double> thresholds = new LinkedHashMap<>();
    dao.thresholds(allTrials)
        .forEach(
            t ->
                thresholds.put(
                    t.trialId() + "/" + t.split() + "/" + t.thresholdRule(), t.threshold()));
    // every split the chosen trials were scored on, train excepted (the train hold-out that picks
    // the threshold is kept: it is held out from training; the report leaves it out)
    String train = trainSplit(results.sweepId());
    List<String> splitNames = new ArrayList<>(dao.predictedSplits(allTrials));
    splitNames.removeIf(s -> s.equals(train));
    splitNames.sort(Splits.ORDER);
    SplitFindings findings = new SplitFindings(settings, thresholds);

    for (String split : splitNames) {
      findings.analyze(split, chosen, dao, dataset);
    }
    if (dataset.isEmpty()) {
      findings.notes.add("the dataset was not available: confounder groups were not computed");
    }
    overlapNote(findings.idsBySplit).ifPresent(findings.notes::add);
    Map<String, List<Long>> chosenTrials = new LinkedHashMap<>();
    chosen.forEach((model, row) -> chosenTrials.put(model, row.trialIds()));
    List<RelianceSummary> reliance = reliance(dao, chosenTrials);
    if (reliance.isEmpty()) {
      findings.notes.add("no modality-reliance measurements were recorded for the chosen trials");
    }
    return new SweepAnalysisResult(
        results.sweepId(),
        settings,
        chosenTrials,
        findings.splits,
        findings.cis,
        findings.paired,
        findings.calibration,
        reliance,
        findings.groups,
        findings.confounders,
        findings.notes);
  }

  /** The sweep's train split as its typed context names it ("train" when it names none). */
  private String trainSplit(long sweepId) {
    return jdbi.withHandle(h -> StoredSweep.find(h, sweepId))
        .map(sweep -> sweep.context().trainSplit())
        .orElse("train");
  }

  /** Modality reliance of the chosen trials, as recorded by the runner, averaged over seeds. */
  static List<RelianceSummary> reliance(AnalysisDao dao, Map<String, List<Long>> chosenTrials) {
    Map<Long, String> modelOf = new LinkedHashMap<>();
    chosenTrials.forEach((model, ids) -> ids.forEach(id -> modelOf.put(id, model)));
    List<RelianceSummary> out = new ArrayList<>();
    if (modelOf.isEmpty()) {
      return out;
    }
    Map<List<String>, List<AnalysisDao.RelianceRow>> grouped = new LinkedHashMap<>();
    for (AnalysisDao.RelianceRow r : dao.reliance(modelOf.keySet())) {
      grouped
          .computeIfAbsent(
              List.of(modelOf.get(r.trialId()), r.split(), r.modality()), k -> new ArrayList<>())
          .add(r);
    }
    grouped.forEach(
        (key, rows) ->
            out.add(
                new RelianceSummary(
                    key.get(0),
                    key.get(1),
                    Modality.valueOf(key.get(2).toUpperCase(java.util.Locale.ROOT)),
                    meanStd(
                        rows.stream().mapToDouble(AnalysisDao.RelianceRow::baseAuroc).toArray()),
                    meanStd(
                        rows.stream().mapToDouble(AnalysisDao.RelianceRow::dropMean).toArray()))));
    out.sort(
        java.util.Comparator.comparing(RelianceSummary::split, Splits.ORDER)
            .thenComparing(RelianceSummary::model, Splits.MODEL_ORDER)
            .thenComparing(RelianceSummary::modality));
    return out;
  }

  /**
   * The released dev_unseen repeats about 400 dev_seen memes: say how many, when both are shown.
   */
  static Optional<String> overlapNote(Map<String, Set<String>> idsBySplit) {
    Set<String> seen = idsBySplit.get("dev_seen");
    Set<String> unseen = idsBySplit.get("dev_unseen");
    if (seen == null || unseen == null) {
      return Optional.empty();
    }
    long shared = unseen.stream().filter(seen::contains).count();
    return Optional.of(
        "dev_unseen shares "
            + shared
            + " of its "
            + unseen.size()
            + " memes with dev_seen (the released splits overlap by about "
            + Splits.DEV_OVERLAP_APPROX
            + "): the two dev results are not independent");
  }

  /** Mean and sample standard deviation (0 for one value). */
  public static MeanStd meanStd(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v / values.length;
    }
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean);
    }
    return new MeanStd(
        mean, values.length > 1 ? Math.sqrt(var / (values.length - 1)) : 0, values.length);
  }
}
