package io.memefusion.sweep;

import io.memefusion.UserException;
import io.memefusion.db.SweepDao;
import io.memefusion.db.SweepRow;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A stored sweep read typed: its row, the context it ran in and the spec it was created with. What
 * the report and the dashboard show about a sweep comes from here, never from string keys into its
 * JSON; fields an older sweep did not record read as absent ("not recorded").
 *
 * @param spec the spec; empty when the stored one no longer reads (written by another version)
 */
public record StoredSweep(SweepRow row, SweepContext context, Optional<SweepSpec> spec) {

  public StoredSweep {
    Objects.requireNonNull(row, "sweep row");
    Objects.requireNonNull(context, "context of sweep " + row.id());
    Objects.requireNonNull(spec, "spec of sweep " + row.id());
  }

  public static StoredSweep of(SweepRow row) {
    Optional<SweepSpec> spec = Optional.empty();
    if (row.spec() != null) {
      try {
        spec = Optional.of(SpecParser.parse(row.spec(), "sweep " + row.id() + " spec"));
      } catch (UserException e) {
        // a spec this version cannot read: the report shows it as stored
      }
    }
    return new StoredSweep(row, SweepContext.fromJson(row.context()), spec);
  }

  /** The sweep {@code sweepId} on {@code handle} (the dashboard's read-only one, say). */
  public static Optional<StoredSweep> find(Handle handle, long sweepId) {
    return handle.attach(SweepDao.class).find(sweepId).map(StoredSweep::of);
  }

  public long id() {
    return row.id();
  }

  public String name() {
    return row.name();
  }

  /** Where the sweep ran; empty for a sweep created before memefusion recorded it. */
  public Optional<SweepHost> host() {
    return Optional.ofNullable(context.host());
  }
}
