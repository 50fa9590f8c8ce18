package dev.openaift.cli;

import dev.openaift.retirement.RetirementTable;
import dev.openaift.retirement.Shutdowns;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * {@code --retirement-dates FILE}: the dated table of known shutdown dates, for commands that count
 * days left.
 */
final class RetirementOptions {
  @Option(
      names = "--retirement-dates",
      paramLabel = "FILE",
      description =
          "A JSON table of known shutdown dates merged over the built-in one (same schema as the"
              + " built-in retirement-dates.json: as_of, new_jobs_stop, models). Used where the"
              + " models API gives no shutdown_date.")
  Path file;

  RetirementTable table() {
    RetirementTable t = RetirementTable.builtIn();
    return file == null ? t : t.withOverrides(file);
  }

  /** Days left by {@code clock} with the built-in table (commands without --retirement-dates). */
  static Shutdowns builtIn(Clock clock) {
    return new Shutdowns(RetirementTable.builtIn(), clock);
  }

  /**
   * Days left by {@code clock}, from the table alone (add the models list with {@link
   * Shutdowns#withModels}).
   */
  Shutdowns shutdowns(Clock clock) {
    return new Shutdowns(table(), clock);
  }
}
