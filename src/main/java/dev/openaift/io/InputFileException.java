package dev.openaift.io;

import java.nio.file.Path;

/**
 * A local input file that cannot be used: missing, empty, binary, malformed. The message is one
 * line that names the file and, where known, the line and column ({@code file:line:column: what is
 * wrong}). The command line maps it to exit code 5.
 */
public class InputFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Path file;
  private final long line;
  private final long column;
  private final String problem;

  public InputFileException(Path file, long line, long column, String problem) {
    this(file, line, column, problem, null);
  }

  public InputFileException(Path file, long line, long column, String problem, Throwable cause) {
    super(format(file, line, column, problem), cause);
    this.file = file;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /** A problem with the file as a whole. */
  public InputFileException(Path file, String problem) {
    this(file, 0, 0, problem, null);
  }

  public InputFileException(Path file, String problem, Throwable cause) {
    this(file, 0, 0, problem, cause);
  }

  private static String format(Path file, long line, long column, String problem) {
    StringBuilder b = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      b.append(':').append(line);
      if (column > 0) {
        b.append(':').append(column);
      }
    }
    return b.append(": ").append(problem).toString();
  }

  public Path file() {
    return file;
  }

  /** 1-based line, 0 when the problem is not on one line. */
  public long line() {
    return line;
  }

  /** 1-based column, 0 when unknown. */
  public long column() {
    return column;
  }

  public String problem() {
    return problem;
  }
}
