package dev.openaift.lifecycle;

import dev.openaift.prepare.Issue;
import dev.openaift.prepare.PrepareReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A local file that {@code prepare}'s checks reject: nothing was uploaded or created. */
public final class UnusableFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient PrepareReport report;
  private final transient Path file;

  /** A local file: nothing was uploaded. */
  public UnusableFileException(Path file, PrepareReport report) {
    this(
        file,
        report,
        "; nothing was uploaded (run 'openai-ft prepare " + file + "' for the full report)");
  }

  /** A file already uploaded, given by its id. */
  public static UnusableFileException uploaded(String fileId, PrepareReport report) {
    return new UnusableFileException(
        Path.of(fileId),
        report,
        " (download it with 'openai-ft files download "
            + fileId
            + " -o FILE' and run 'openai-ft prepare FILE'"
            + " for the full report, or pass --no-check)");
  }

  private UnusableFileException(Path file, PrepareReport report, String advice) {
    super(
        file
            + " is not usable for fine-tuning: "
            + report.problems().size()
            + (report.problems().size() == 1 ? " problem" : " problems")
            + advice);
    this.report = report;
    this.file = file;
  }

  public PrepareReport report() {
    return report;
  }

  /** One line per problem: what, how many lines, the first line numbers and offending values. */
  public List<String> problemLines() {
    List<String> lines = new ArrayList<>();
    for (Issue i : report.problems()) {
      StringBuilder b =
          new StringBuilder(file.toString()).append(": ").append(i.kind().description());
      if (!i.lines().isEmpty()) {
        b.append(" (")
            .append(i.count())
            .append(i.count() == 1 ? " line: " : " lines: ")
            .append(i.lines().stream().map(String::valueOf).collect(Collectors.joining(", ")))
            .append(i.truncated() ? ", ..." : "")
            .append(')');
      }
      if (!i.values().isEmpty()) {
        b.append(" [").append(String.join(", ", i.values())).append(']');
      }
      lines.add(b.toString());
    }
    return lines;
  }
}
