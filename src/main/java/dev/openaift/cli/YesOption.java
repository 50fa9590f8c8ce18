package dev.openaift.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code -y/--yes} of the commands that delete or cancel only after asking ({@link Confirmation}).
 */
final class YesOption {
  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  /** Whether to go ahead with {@code action}: true at once with {@code --yes}, else asks. */
  boolean confirm(CliContext context, UserInput input, PrintWriter err, String action) {
    return Confirmation.confirm(context, input, err, yes, action);
  }
}
