package io.memefusion.export;

import io.memefusion.db.MetricDao;
import io.memefusion.db.PredictionDao;
import io.memefusion.db.PredictionRow;
import io.memefusion.db.TrialMetricView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * Row-level exports of a sweep's finished trials: one row per trial × split × threshold rule, and
 * one row per prediction. Numbers are written so that they read back exactly (AUROC recomputed from
 * the predictions equals the exported AUROC; {@code proba >= threshold} on the texts read as 64-bit
 * doubles gives the exported confusion counts).
 */
public final class CsvExports {
  public static final String TRIALS_HEADER =
      "trial_id,model,seed,split,threshold_rule,threshold,n,accuracy,precision,recall,f1,auroc";
  public static final String PREDICTIONS_HEADER = "trial_id,split,id,label,proba";

  private final Jdbi jdbi;

  public CsvExports(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Writes the trials CSV; returns the number of data rows. */
  public long writeTrials(long sweepId, Writer out) {
    try {
      out.write(TRIALS_HEADER + "\n");
      long n = 0;
      for (TrialMetricView m : jdbi.withExtension(MetricDao.class, d -> d.ofSweep(sweepId))) {
        out.write(
            m.trialId()
                + ","
                + Csv.field(m.model())
                + ","
                + m.seed()
                + ","
                + Csv.field(m.split())
                + ","
                + Csv.field(m.thresholdRule())
                + ","
                + Csv.threshold(m.threshold())
                + ","
                + m.n()
                + ","
                + Csv.number(m.accuracy())
                + ","
                + Csv.number(m.precision())
                + ","
                + Csv.number(m.recall())
                + ","
                + Csv.number(m.f1())
                + ","
                + Csv.number(m.auroc())
                + "\n");
        n++;
      }
      out.flush();
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trials CSV", e);
    }
  }

  /** Streams the predictions CSV (it can have millions of rows); returns the data row count. */
  public long writePredictions(long sweepId, Writer out) {
    return jdbi.inTransaction(
        h -> {
          // a cursor (fetch size) needs a transaction in PostgreSQL
          try (Stream<PredictionRow> rows = h.attach(PredictionDao.class).streamOfSweep(sweepId)) {
            out.write(PREDICTIONS_HEADER + "\n");
            long n = 0;
            StringBuilder line = new StringBuilder(64);
            for (Iterator<PredictionRow> it = rows.iterator(); it.hasNext(); ) {
              PredictionRow p = it.next();
              line.setLength(0);
              line.append(p.trialId())
                  .append(',')
                  .append(Csv.field(p.split()))
                  .append(',')
                  .append(Csv.field(p.memeId()))
                  .append(',')
                  .append(p.label() == null ? "" : p.label().toString())
                  .append(',')
                  .append(Float.toString(p.proba()))
                  .append('\n');
              out.write(line.toString());
              n++;
            }
            out.flush();
            return n;
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write the predictions CSV", e);
          }
        });
  }
}
