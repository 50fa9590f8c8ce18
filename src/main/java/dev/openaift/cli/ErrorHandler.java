package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.io.Echo;
import dev.openaift.io.InputFileException;
import dev.openaift.io.JsonErrors;
import dev.openaift.lifecycle.UnusableFileException;
import dev.openaift.record.RecordingConflictException;
import dev.openaift.report.ReportException;
import dev.openaift.session.EvalException;
import dev.openaift.session.ShutDownModelException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.List;
import picocli.CommandLine;

/**
 * The one place that turns an error into a message line and an exit code. Without {@code --verbose}
 * there is never a stack trace.
 *
 * <p>The rules, first match along the chain of causes:
 *
 * <ul>
 *   <li>{@link CliException}: its own code (a command's message with context, see {@link
 *       CliException#withContext});
 *   <li>a file the checks of {@code prepare} reject ({@link UnusableFileException}), a local file
 *       that cannot be read or written ({@link InputFileException}, {@link IOException}, also
 *       unchecked), a report that cannot be rendered ({@link ReportException}), an evaluation
 *       without the report or recording it needs ({@link EvalException}): 5, and for a rejected
 *       file one line per problem before the message;
 *   <li>an address that cannot be bound ({@link BindException}, the {@code --host}/{@code --port}
 *       asked for), a recording made with other parameters or open in another run ({@link
 *       RecordingConflictException}) and an evaluation that would ask a model that has shut down
 *       ({@link ShutDownModelException}): bad usage, 2;
 *   <li>{@link ApiException}: 2 when no key or unusable settings, 130 when interrupted, else 4;
 *   <li>anything else is a bug: 1, "rerun with --verbose".
 * </ul>
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
    String message = JsonErrors.inOurWords(message(ex), ex);
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof UnusableFileException u) {
        u.problemLines().forEach(l -> err.println(line(l)));
        break;
      }
    }
    if (code == ExitCode.INTERNAL) {
      message = "internal error: " + message + " (rerun with --verbose for details)";
    }
    err.println(line(message));
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
    String message =
        e instanceof OutOfMemoryError
            ? "out of memory"
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                + ": give it more with OPENAI_FT_HEAP, e.g. OPENAI_FT_HEAP=4g"
            : "internal error: "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + " (rerun with --verbose for details)";
    err.println(line(message));
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
    err.println(line(parseMessage(ex)));
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCode.USAGE.code();
  }

  /**
   * A command line picocli could not parse, in our words: a word that names no command of a command
   * with subcommands is an unknown command, with the close matches when there are some.
   */
  static String parseMessage(CommandLine.ParameterException ex) {
    CommandLine cl = ex.getCommandLine();
    if (ex instanceof CommandLine.UnmatchedArgumentException u
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")
        && !cl.getSubcommands().isEmpty()) {
      String word = u.getUnmatched().get(0);
      String command = cl.getCommandSpec().qualifiedName();
      List<String> close = u.getSuggestions();
      return "'"
          + word
          + "' is not an "
          + command
          + " command"
          + (close.isEmpty()
              ? " (see '" + command + " --help' for the list)"
              : "; did you mean " + alternatives(close) + "?");
    }
    return ex.getMessage();
  }

  /** "a", "a or b", "a, b or c". */
  private static String alternatives(List<String> words) {
    int last = words.size() - 1;
    return last == 0
        ? words.get(0)
        : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
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
    String what =
        e.getReason() != null
            ? e.getReason()
            : e instanceof AccessDeniedException
                ? "permission denied"
                : e instanceof NoSuchFileException
                    ? "no such file or directory"
                    : e instanceof NotDirectoryException
                        ? "not a directory"
                        : e instanceof FileAlreadyExistsException
                            ? "already exists"
                            : e instanceof DirectoryNotEmptyException
                                ? "directory not empty"
                                : e instanceof NotLinkException
                                    ? "not a symbolic link"
                                    : e instanceof FileSystemLoopException
                                        ? "too many levels of symbolic links"
                                        : "file system error";
    String file = e.getFile() == null ? "" : e.getFile();
    String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
    return file.isEmpty()
        ? what
        : Character.toLowerCase(what.charAt(0)) + what.substring(1) + ": " + file + other;
  }

  static int exitCodeOf(Throwable t) {
    return codeOf(t).code();
  }

  /** The exit code of {@code t} by the rules above; {@link ExitCode#INTERNAL} when none applies. */
  static ExitCode codeOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      ExitCode code = exitCode(c);
      if (code != null) {
        return code;
      }
    }
    return ExitCode.INTERNAL;
  }

  private static ExitCode exitCode(Throwable t) {
    if (t instanceof CliException ce) {
      return ce.exitCode();
    }
    if (t instanceof BindException
        || t instanceof UncheckedIOException && t.getCause() instanceof BindException) {
      return ExitCode.USAGE;
    }
    if (t instanceof RecordingConflictException || t instanceof ShutDownModelException) {
      return ExitCode.USAGE;
    }
    if (t instanceof UnusableFileException
        || t instanceof InputFileException
        || t instanceof ReportException
        || t instanceof EvalException
        || t instanceof UncheckedIOException
        || t instanceof IOException) {
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

  /**
   * The line printed for a message: one line, control characters as visible escapes, cut in the
   * middle when long ({@link Echo#message}), whichever command, library or file the text came from.
   */
  static String line(String message) {
    return "openai-ft: " + oneLine(Echo.message(message));
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
