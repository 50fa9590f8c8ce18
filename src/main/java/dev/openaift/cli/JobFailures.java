package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.io.InputFileException;
import dev.openaift.report.ReportException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * How commands that visit many jobs ({@code report --all}, {@code backup}) treat one job that
 * cannot be archived (unknown, a result file that cannot be read, ...): it does not stop the
 * others; its error is printed and the exit code is the first failure's. A rejected key, an
 * interrupt or faults past every retry stop at once.
 */
final class JobFailures {
  private final PrintWriter err;
  private int exitCode = ExitCode.OK.code();
  private boolean anySucceeded;

  JobFailures(PrintWriter err) {
    this.err = err;
  }

  /** Runs the work; false when it failed (and was reported). */
  boolean attempt(String jobId, Runnable work) {
    try {
      work.run();
      succeeded();
      return true;
    } catch (ApiException e) {
      if (e.kind() == ApiException.Kind.UNAUTHORIZED
          || e.kind() == ApiException.Kind.INTERRUPTED
          || e.kind().transientFault()) {
        throw e;
      }
      failed(jobId, e);
    } catch (InputFileException | ReportException | UncheckedIOException e) {
      failed(jobId, e);
    }
    return false;
  }

  private void failed(String jobId, RuntimeException e) {
    err.println("openai-ft: " + jobId + ": " + ErrorHandler.oneLine(ErrorHandler.message(e)));
    err.flush();
    if (exitCode == ExitCode.OK.code()) {
      exitCode = ErrorHandler.exitCodeOf(e);
    }
  }

  int exitCode() {
    return exitCode;
  }

  void succeeded() {
    anySucceeded = true;
  }

  boolean anySucceeded() {
    return anySucceeded;
  }
}
