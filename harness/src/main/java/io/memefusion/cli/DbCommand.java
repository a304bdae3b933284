package io.memefusion.cli;

import io.memefusion.db.Database;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
        spec.commandLine()
            .getOut()
            .println("database ready: " + Database.hidePassword(database.url()));
      }
      return 0;
    }
  }

  @Command(
      name = "stop",
      description = {
        "Stop the home folder's embedded PostgreSQL. The last memefusion process using it stops it"
            + " when it exits; this stops one left running by a killed process. While other"
            + " memefusion processes use it, it is left running unless --force."
      })
  static final class Stop implements Callable<Integer> {
    @Mixin HomeOptions home;
    @Spec CommandSpec spec;

    @Option(
        names = "--force",
        description =
            "Stop it even while other memefusion processes use it (their trials stay claimed"
                + " until `sweep resume`).")
    boolean force;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      switch (Database.stopEmbedded(home.home().database(), force)) {
        case STOPPED:
          out.println("stopped the embedded PostgreSQL");
          return 0;
        case NOT_RUNNING:
          out.println("no embedded PostgreSQL is running");
          return 0;
        default:
          spec.commandLine()
              .getErr()
              .println(
                  "error: other memefusion processes use the embedded PostgreSQL; it stops when"
                      + " the last one exits (or: db stop --force)");
          return 1;
      }
    }
  }
}
