package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.db.Database;
import io.memefusion.db.SweepDao;
import io.memefusion.sweep.SweepStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memefusion sweep rename ID NAME}: a sweep's name as the tables and dashboard show it. */
@Command(
    name = "rename",
    description =
        "Rename a sweep (shown by sweep list, the exports, the report and the dashboard).")
final class SweepRenameCommand implements Callable<Integer> {
  /** Longer names would not fit a table row or a file name. */
  static final int MAX_NAME = 200;

  @Mixin DbOptions db;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The sweep (or: latest).")
  String sweep;

  @Parameters(index = "1", paramLabel = "NAME", description = "The new name.")
  String name;

  @Override
  public Integer call() {
    String trimmed = name.strip();
    if (trimmed.isEmpty()) {
      throw new UserException("a sweep name cannot be blank");
    }
    if (trimmed.length() > MAX_NAME) {
      throw new UserException(
          "a sweep name has at most " + MAX_NAME + " characters, got " + trimmed.length());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = db.open()) {
      long id = new SweepStore(database).resolve(sweep);
      String before = new SweepStore(database).sweep(id).name();
      database.jdbi().useExtension(SweepDao.class, d -> d.rename(id, trimmed));
      out.printf("sweep %d renamed: %s -> %s%n", id, before, trimmed);
    }
    out.flush();
    return 0;
  }
}
