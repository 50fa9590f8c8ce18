package dev.openaift.prepare;

import java.util.List;

/**
 * All findings of one kind.
 *
 * @param kind what was found
 * @param count on how many lines (for {@link IssueKind#TOO_FEW_EXAMPLES}: the number of examples)
 * @param lines the first line numbers (1-based), ascending; empty for findings about the whole file
 * @param values the offending values seen, sorted and capped (unknown roles, unknown keys, ...)
 */
public record Issue(IssueKind kind, long count, List<Long> lines, List<String> values) {
  public Issue {
    lines = List.copyOf(lines);
    values = List.copyOf(values);
  }

  public Severity severity() {
    return kind.severity();
  }

  /** Whether more lines had this finding than {@link #lines()} lists. */
  public boolean truncated() {
    return !lines.isEmpty() && count > lines.size();
  }
}
