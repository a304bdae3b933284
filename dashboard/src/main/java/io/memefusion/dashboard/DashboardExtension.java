package io.memefusion.dashboard;

import io.memefusion.cli.CliExtension;

/** Adds {@code memefusion dashboard} to the harness's command line (see META-INF/services). */
public final class DashboardExtension implements CliExtension {
  @Override
  public Object command() {
    return new DashboardCommand();
  }
}
