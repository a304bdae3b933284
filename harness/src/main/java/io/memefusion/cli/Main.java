package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.config.Build;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code memefusion} command line. */
@Command(
    name = "memefusion",
    mixinStandardHelpOptions = true,
    // every subcommand gets --help and --version too
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = Main.Version.class,
    description = "Unimodal vs multimodal classifiers on Hateful Memes, with TensorFlow Java.",
    subcommands = {
      RunCommand.class,
      DataCommand.class,
      ModelsCommand.class,
      EmbedCommand.class,
      SweepCommand.class,
      ExportCommand.class,
      AnalyzeCommand.class,
      ReportCommand.class,
      BenchCommand.class,
      DbCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main {
  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of unexpected errors.")
  boolean debug;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with their own writers. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // commands of other modules (the dashboard) register themselves as services
    for (CliExtension extension : ServiceLoader.load(CliExtension.class)) {
      cl.addSubcommand(extension.command());
    }
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean debug = parsed.hasMatchedOption("--debug");
    if (e instanceof UserException) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    String what =
        e instanceof UncheckedIOException && e.getCause() != null
            ? e.getCause().toString()
            : e.toString();
    err.println(
        "error: "
            + (e.getMessage() == null ? what : e.getMessage())
            + (debug ? "" : " (run with --debug for details)"));
    if (debug) {
      e.printStackTrace(err);
    }
    return 1;
  }

  /**
   * The build as sweeps record it: the version, and the git commit the launcher passes as {@code
   * -Dmemefusion.commit} when it runs from a checkout.
   */
  static String build() {
    return Build.describe(System.getProperty("memefusion.commit"));
  }

  /** The version and commit of this build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"memefusion " + build()};
    }
  }
}
