package io.memefusion.cli;

import picocli.CommandLine.Command;

/** {@code memefusion sweep ...}: hyperparameter sweeps recorded in PostgreSQL. */
@Command(
    name = "sweep",
    header = "Hyperparameter sweeps recorded in PostgreSQL.",
    description = "Hyperparameter sweeps: models × configurations × seeds, recorded in PostgreSQL.",
    subcommands = {
      SweepStartCommand.class,
      SweepWorkCommand.class,
      SweepResumeCommand.class,
      SweepListCommand.class,
      SweepRenameCommand.class,
      SweepNoteCommand.class
    })
public final class SweepCommand {}
