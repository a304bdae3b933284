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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memefusion sweep note ID "text"}: a researcher's note, shown by the dashboard. */
@Command(
    name = "note",
    description = {
      "Set the note of a sweep (what it was for, what you concluded); the dashboard shows it on"
          + " the sweeps list and the sweep page. Without TEXT, prints the current note."
    })
final class SweepNoteCommand implements Callable<Integer> {
  static final int MAX_NOTE = 4000;

  @Mixin DbOptions db;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The sweep (or: latest).")
  String sweep;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT", description = "The note.")
  String text;

  @Option(names = "--clear", description = "Remove the note.")
  boolean clear;

  @Override
  public Integer call() {
    if (clear && text != null) {
      throw new UserException("give either TEXT or --clear, not both");
    }
    String note = text == null ? null : text.strip();
    if (note != null && note.isEmpty()) {
      throw new UserException("the note is blank (remove a note with --clear)");
    }
    if (note != null && note.length() > MAX_NOTE) {
      throw new UserException(
          "a note has at most " + MAX_NOTE + " characters, got " + note.length());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = db.open()) {
      long id = new SweepStore(database).resolve(sweep);
      if (note == null && !clear) {
        String current =
            database.jdbi().withExtension(SweepDao.class, d -> d.note(id)).orElse(null);
        out.println(current == null ? "sweep " + id + " has no note" : current);
      } else {
        database.jdbi().useExtension(SweepDao.class, d -> d.setNote(id, note));
        out.println(note == null ? "sweep " + id + ": note removed" : "sweep " + id + ": note set");
      }
    }
    out.flush();
    return 0;
  }
}
