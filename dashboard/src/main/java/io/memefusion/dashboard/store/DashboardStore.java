package io.memefusion.dashboard.store;

import java.util.Objects;
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
    try (Handle h = jdbi.open()) {
      h.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
      return callback.withHandle(h);
    }
  }
}
