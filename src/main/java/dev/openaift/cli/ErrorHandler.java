package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.job.InputFileException;
import dev.openaift.report.ReportException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
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
    String message = message(ex);
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

  /**
   * An {@link Error} that picocli let through (out of memory, a stack overflow): one line, exit 1,
   * the stack trace only with {@code --verbose}.
   */
  static int handleError(Error e, PrintWriter err, boolean verbose) {
    String message = e instanceof OutOfMemoryError
        ? "out of memory" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
            + ": give it more with OPENAI_FT_HEAP, e.g. OPENAI_FT_HEAP=4g"
        : "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + " (rerun with --verbose for details)";
    err.println("openai-ft: " + oneLine(message));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.INTERNAL.code();
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

  /**
   * The message of an error for the user. A file-system error whose message is only a path (access
   * denied, no such file: the JDK gives no reason for these) says what is wrong with the path, also
   * when a wrapper's message ends with that bare path.
   */
  static String message(Throwable t) {
    Throwable cause = t.getCause();
    if (t instanceof FileSystemException fse) {
      return describe(fse);
    }
    if (t instanceof UncheckedIOException && cause instanceof FileSystemException fse) {
      String m = t.getMessage();
      if (m == null || m.equals(String.valueOf(cause))) {
        return describe(fse);
      }
      String bare = cause.getMessage();
      if (bare != null && m.endsWith(": " + bare)) {
        return m.substring(0, m.length() - bare.length()) + describe(fse);
      }
      return m;
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String describe(FileSystemException e) {
    String what = e.getReason() != null ? e.getReason()
        : e instanceof AccessDeniedException ? "permission denied"
        : e instanceof NoSuchFileException ? "no such file or directory"
        : e instanceof NotDirectoryException ? "not a directory"
        : e instanceof FileAlreadyExistsException ? "already exists"
        : e instanceof DirectoryNotEmptyException ? "directory not empty"
        : e instanceof NotLinkException ? "not a symbolic link"
        : e instanceof FileSystemLoopException ? "too many levels of symbolic links"
        : "file system error";
    String file = e.getFile() == null ? "" : e.getFile();
    String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
    return file.isEmpty() ? what : Character.toLowerCase(what.charAt(0)) + what.substring(1) + ": " + file + other;
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
