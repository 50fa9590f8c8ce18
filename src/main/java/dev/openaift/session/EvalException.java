package dev.openaift.session;

/**
 * An evaluation that cannot start from the files it was given: no report to attach to, no recording
 * to compare with, a recording without answers. The message is one line that says what to do;
 * nothing was asked or written. The command line maps it to exit code 5, like other local file
 * problems.
 */
public class EvalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvalException(String message) {
    super(message);
  }
}
