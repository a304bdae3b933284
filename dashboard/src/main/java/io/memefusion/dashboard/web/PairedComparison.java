package io.memefusion.dashboard.web;

import io.memefusion.dashboard.charts.IntervalScale;
import io.memefusion.db.PredictionDao;
import io.memefusion.db.PredictionRow;
import io.memefusion.eval.Bootstrap;
import io.memefusion.eval.Interval;
import io.memefusion.eval.PairedDifference;
import io.memefusion.eval.Statistic;
import io.memefusion.results.Fmt;
import io.memefusion.results.ModelRow;
import io.memefusion.results.ResultTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * B − A on AUROC for one model of two compared sweeps: the paired bootstrap of their chosen seeds
 * on the memes both scored, or the reason there is none.
 */
final class PairedComparison {
  private PairedComparison() {}

  /** B − A on AUROC for one model and split, or the reason there is none. */
  static CompareView.Paired of(
      PredictionDao dao, Bootstrap bootstrap, String model, ResultTable a, ResultTable b) {
    String label = Fmt.model(model);
    ModelRow x = ComparePages.byModel(a).get(model);
    ModelRow y = ComparePages.byModel(b).get(model);
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
    return done(split, model, label, sa.ids().size(), d);
  }

  /** A computed difference with its verdict and its strip (in data units, laid out later). */
  private static CompareView.Paired done(
      String split, String model, String label, int memes, PairedDifference d) {
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
        memes,
        Fmt.signed(i.estimate()),
        Fmt.signedCi(i),
        verdict,
        css,
        new IntervalScale.Strip(
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
    static Scores load(PredictionDao dao, List<Long> trialIds, String split) {
      List<Map<String, PredictionRow>> seeds = new ArrayList<>();
      for (long t : trialIds) {
        Map<String, PredictionRow> rows = new LinkedHashMap<>();
        dao.ofTrial(t, split).forEach(p -> rows.put(p.memeId(), p));
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
        probas.add(ids.stream().mapToDouble(id -> (double) s.get(id).proba()).toArray());
      }
      return new Scores(ids, labels, labeled, probas);
    }
  }
}
