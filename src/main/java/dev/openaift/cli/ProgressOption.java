package dev.openaift.cli;

import picocli.CommandLine.Option;

/** {@code --no-progress}: how a followed job's events are shown. */
final class ProgressOption {
  @Option(names = "--no-progress", description = "Plain event lines only, no progress line.")
  boolean noProgress;

  /** Whether the live progress line is drawn: on terminals, unless {@code --no-progress}. */
  boolean shown(CliContext context) {
    return context.terminal() && !noProgress;
  }
}
