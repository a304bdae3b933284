package io.memefusion.cli;

import io.memefusion.db.Database;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code memefusion db ...}: the store itself. */
@Command(
    name = "db",
    header = "The PostgreSQL store: migrate, stop the embedded server.",
    description = "The PostgreSQL store: migrate, show its URL, stop the embedded server.",
    subcommands = {DbCommand.Migrate.class, DbCommand.Stop.class})
public final class DbCommand {

  @Command(name = "migrate", description = "Apply the migrations of sql/ and print the JDBC URL.")
  static final class Migrate implements Callable<Integer> {
    @Mixin DbOptions db;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Database database = db.open()) {
        spec.commandLine().getOut().println("database ready: " + database.url());
      }
      return 0;
    }
  }

  @Command(
      name = "stop",
      description = "Stop an embedded PostgreSQL left running in the home folder.")
  static final class Stop implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          Database.stopEmbedded(home.home().database())
              ? "stopped the embedded PostgreSQL"
              : "no embedded PostgreSQL is running");
      return 0;
    }
  }
}
