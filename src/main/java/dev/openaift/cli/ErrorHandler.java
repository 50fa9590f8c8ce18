package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.job.InputFileException;
import dev.openaift.report.ReportException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place that turns an error into a message line and an exit code. Without {@code --verbose}
 * there is never a stack trace.
 */
final class ErrorHandler
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    ExitCode code = ExitCode.INTERNAL;
    for (Throwable t = ex; t != null; t = t.getCause()) {
      ExitCode c = exitCode(t);
      if (c != null) {
        code = c;
        ex = t instanceof Exception e ? e : ex;
        break;
      }
    }
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (code == ExitCode.INTERNAL) {
      message = "internal error: " + message + " (rerun with --verbose for details)";
    }
    err.println("openai-ft: " + oneLine(message));
    if (isVerbose(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code.code();
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("openai-ft: " + oneLine(ex.getMessage()));
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCode.USAGE.code();
  }

  static int exitCodeOf(Throwable t) {
    ExitCode c = exitCode(t);
    return (c == null ? ExitCode.INTERNAL : c).code();
  }

  private static ExitCode exitCode(Throwable t) {
    if (t instanceof CliException ce) {
      return ce.exitCode();
    }
    if (t instanceof InputFileException || t instanceof ReportException
        || t instanceof java.io.UncheckedIOException || t instanceof java.io.IOException) {
      return ExitCode.FILE;
    }
    if (t instanceof ApiException ae) {
      return switch (ae.kind()) {
        case MISSING_KEY, INVALID_CONFIG -> ExitCode.USAGE;
        case INTERRUPTED -> ExitCode.INTERRUPTED;
        default -> ExitCode.API;
      };
    }
    if (t instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE;
    }
    return null;
  }

  private static boolean isVerbose(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
