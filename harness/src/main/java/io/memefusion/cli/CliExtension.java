package io.memefusion.cli;

/**
 * A subcommand contributed by another module (the dashboard), found with {@link
 * java.util.ServiceLoader} so that the harness does not depend on it.
 */
public interface CliExtension {
  /** A picocli command object or class instance. */
  Object command();
}
