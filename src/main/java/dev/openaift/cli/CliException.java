package dev.openaift.cli;

/** An error a command reports as one line with a chosen exit code. */
public class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ExitCode exitCode;

  public CliException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /**
   * {@code cause} told with what the command adds (what was kept, how to go on): the exit code is
   * the one {@link ErrorHandler} gives {@code cause}, so no command maps an exception type itself.
   */
  static CliException withContext(Throwable cause, String message) {
    return new CliException(ErrorHandler.codeOf(cause), message, cause);
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
