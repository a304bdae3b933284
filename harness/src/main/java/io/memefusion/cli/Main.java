package io.memefusion.cli;

import io.memefusion.UserException;
import io.memefusion.config.Build;
import io.memefusion.db.ConnectionLoss;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
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
    boolean debug = debug(parsed);
    if (e instanceof UserException) {
      err.println("error: " + e.getMessage());
      if (debug && e.getCause() != null) {
        e.printStackTrace(err);
      }
      return 2;
    }
    err.println("error: " + describe(e) + (debug ? "" : " (run with --debug for details)"));
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

  /** {@code --debug} before or after the subcommand: each level parses its own copy. */
  static boolean debug(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /**
   * An unexpected error in words: our own messages are written for users; a library's exception
   * text (SQL, pool, JDK internals) is left to {@code --debug}.
   */
  static String describe(Exception e) {
    if (ConnectionLoss.in(e)) {
      return "lost the connection to the database";
    }
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      // our wrapper's message, then what the operating system said
      IOException io = ((UncheckedIOException) e).getCause();
      String os = ioReason(io);
      String ours = e.getMessage();
      return ours == null || ours.equals(io.toString())
          ? os
          : ours + (ours.contains(String.valueOf(io.getMessage())) ? "" : ": " + os);
    }
    StackTraceElement[] at = e.getStackTrace();
    boolean ours = at.length > 0 && at[0].getClassName().startsWith("io.memefusion.");
    return ours && e.getMessage() != null
        ? e.getMessage()
        : "internal error (" + e.getClass().getSimpleName() + ")";
  }

  private static String ioReason(IOException io) {
    if (io instanceof NoSuchFileException) {
      return "no such file: " + io.getMessage();
    }
    if (io instanceof AccessDeniedException) {
      return "permission denied: " + io.getMessage();
    }
    if (io instanceof FileAlreadyExistsException) {
      return "already exists: " + io.getMessage();
    }
    return io.getMessage() != null ? io.getMessage() : "an I/O error";
  }

  /** The version and commit of this build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"memefusion " + build()};
    }
  }
}
