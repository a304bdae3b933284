package io.memefusion.dashboard.web;

import io.memefusion.dashboard.store.HyperparamSpread;
import io.memefusion.dashboard.store.JsonText;
import io.memefusion.dashboard.store.Scores;
import io.memefusion.dashboard.store.SplitRoles;
import io.memefusion.dashboard.store.TrialRow;
import io.memefusion.dashboard.store.TrialSort;
import io.memefusion.dashboard.store.TrialSort.Column;
import io.memefusion.dashboard.store.TrialsQuery;
import io.memefusion.eval.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A page of a sweep's trials table. Columns: the trial, the hyperparameters that vary in this sweep
 * (the others are listed once above the table), the best epoch, then every metric on dev and on
 * test under the page's threshold rule. Headers and cells come in the same order.
 */
public record TrialsView(
    SweepQuery query,
    TrialsQuery.Page page,
    List<String> models,
    boolean live,
    List<HyperparamSpread> varying,
    List<HyperparamSpread> fixed,
    SplitRoles roles) {
  public TrialsView {
    models = List.copyOf(models);
    varying = List.copyOf(varying);
    fixed = List.copyOf(fixed);
  }

  /** A column header: its label, what clicking it does, and whether the table is sorted by it. */
  public record Header(String label, String title, SweepQuery next, String arrow, String cssClass) {
    public boolean sorted() {
      return !arrow.isEmpty();
    }
  }

  /** A table cell after the first (the trial link). */
  public record Cell(String text, String cssClass) {}

  /**
   * Where a control of the table fetches from. While the sweep runs the whole live part is
   * reloaded, so that its 2 s polling keeps the order and page the user chose.
   */
  public String hxGet(SweepQuery next) {
    return live ? next.liveHref() : next.trialsHref();
  }

  public String hxTarget() {
    return live ? "#sweep-live" : "#trials";
  }

  public List<Header> headers() {
    List<Header> h = new ArrayList<>();
    h.add(
        header(
            "trial", "trial number in the sweep", new TrialSort(Column.ORDINAL, null, false), ""));
    h.add(header("model", "model", new TrialSort(Column.MODEL, null, false), ""));
    for (HyperparamSpread hp : varying) {
      h.add(
          header(
              hp.key(),
              "hyperparameter " + hp.key(),
              new TrialSort(Column.HYPERPARAM, hp.key(), false),
              "num"));
    }
    h.add(header("seed", "random seed", new TrialSort(Column.SEED, null, false), "num"));
    h.add(header("status", "trial status", new TrialSort(Column.STATUS, null, false), ""));
    h.add(
        header(
            "best ep.",
            "epoch with the best dev AUROC",
            new TrialSort(Column.BEST_EPOCH, null, false),
            "num"));
    for (String role : List.of("dev", "test")) {
      for (Metric m : Metric.values()) {
        h.add(
            header(
                role + " " + shortName(m),
                role + " " + m.column() + " (" + query.rule().dbName() + ")",
                new TrialSort(Column.of(role, m), null, true),
                "num " + role));
      }
    }
    return h;
  }

  public List<Cell> cells(TrialRow row, Formats f) {
    List<Cell> c = new ArrayList<>();
    c.add(new Cell(row.model(), "model m-" + row.model()));
    for (HyperparamSpread hp : varying) {
      c.add(new Cell(row.hyperparam(hp.key()), "num"));
    }
    c.add(new Cell(Integer.toString(row.seed()), "num"));
    c.add(new Cell(row.status(), "trial-status st-" + row.status()));
    c.add(new Cell(row.bestEpoch() == null ? "–" : row.bestEpoch().toString(), "num"));
    for (Scores s : List.of(row.dev(), row.test())) {
      String role = s == row.dev() ? "dev" : "test";
      for (Metric m : Metric.values()) {
        c.add(new Cell(f.metric(s.get(m)), "num " + role));
      }
    }
    return c;
  }

  private Header header(String label, String title, TrialSort sort, String cssClass) {
    TrialSort current = query.sort();
    String arrow = current.sortsBy(sort.param()) ? (current.descending() ? "▼" : "▲") : "";
    return new Header(label, title, query.withSort(sort), arrow, cssClass);
  }

  private static String shortName(Metric m) {
    switch (m) {
      case ACCURACY:
        return "acc";
      case PRECISION:
        return "prec";
      case RECALL:
        return "rec";
      default:
        return m.column().toUpperCase(Locale.ROOT).equals("AUROC") ? "AUROC" : m.column();
    }
  }

  /** The text of fixed hyperparameters, e.g. "epochs = 20, batch_size = 256". */
  public String fixedText() {
    StringBuilder s = new StringBuilder();
    for (HyperparamSpread hp : fixed) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(hp.key()).append(" = ").append(JsonText.ofJson(hp.sample()));
    }
    return s.toString();
  }
}
