package io.memefusion.dashboard.store;

import java.util.Objects;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The dashboard's only way into the database: every page runs on one handle whose session
 * PostgreSQL itself holds read-only, so no handler can write even by mistake.
 */
public final class DashboardStore {
  private final Jdbi jdbi;

  public DashboardStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  public <T, X extends Exception> T read(HandleCallback<T, X> callback) throws X {
    // withHandle (not open) binds the handle to this thread: Jdbi calls nested in the callback
    // (withHandle, onDemand DAOs) reuse it instead of opening a writable one
    return jdbi.withHandle(
        h -> {
          h.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
          try {
            return callback.withHandle(h);
          } finally {
            // connections are pooled: the next user of this one (a sweep worker in the same
            // process, say) must find it writable again
            h.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
          }
        });
  }

  /**
   * For the harness's services that take a {@link Jdbi} (the analysis, the report): they run on the
   * same read-only handle as {@link #read}, since every handle they ask for on this thread is that
   * one.
   */
  public <T> T readThrough(Function<Jdbi, T> callback) {
    return read((Handle h) -> callback.apply(jdbi));
  }
}
