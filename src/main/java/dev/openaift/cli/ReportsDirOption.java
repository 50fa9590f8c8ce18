package dev.openaift.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --reports-dir DIR}: the archive a command reads or writes, {@code reports} by default. */
final class ReportsDirOption {
  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "The archive (default: ${DEFAULT-VALUE}).")
  Path dir;

  /** The archive folder as given (relative to the working folder unless absolute). */
  Path dir() {
    return dir;
  }
}
