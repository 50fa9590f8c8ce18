package dev.openaift.report;

/** A report could not be rendered (a broken user template, for one); the message is one line. */
public class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
