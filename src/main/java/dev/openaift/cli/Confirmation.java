package dev.openaift.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The yes/no question before a destructive command (delete, cancel). With {@code --yes} nothing is
 * asked. On a terminal the question goes to standard error and the answer is read from the user's
 * input ({@code y} or {@code yes} proceeds; anything else, or end of input, does not). Without a
 * terminal the command refuses (exit 2) rather than act unasked.
 */
final class Confirmation {
  private Confirmation() {}

  /**
   * Whether to go ahead.
   *
   * @param action what would be done, e.g. {@code delete file file-abc (train.jsonl)}
   * @throws CliException exit 2 when there is no terminal to ask on and {@code yes} is false
   */
  static boolean confirm(
      CliContext context, UserInput input, PrintWriter err, boolean yes, String action) {
    if (yes) {
      return true;
    }
    if (!context.terminal()) {
      throw new CliException(
          ExitCode.USAGE,
          "refusing to " + action + " without confirmation: not a terminal; pass --yes to confirm");
    }
    err.print(capitalised(action) + "? [y/N] ");
    err.flush();
    String answer;
    try {
      answer = input.reader().readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the answer: " + e.getMessage(), e);
    }
    boolean go =
        answer != null
            && switch (answer.strip().toLowerCase(Locale.ROOT)) {
              case "y", "yes" -> true;
              default -> false;
            };
    if (answer == null) {
      err.println();
    }
    if (!go) {
      err.println("Not confirmed: nothing was changed.");
      err.flush();
    }
    return go;
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
