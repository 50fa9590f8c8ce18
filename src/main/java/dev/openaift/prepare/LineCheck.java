package dev.openaift.prepare;

import dev.openaift.models.DatasetFormat;
import dev.openaift.models.TokenCounter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * What one line says on its own, before the file-wide rules (format of the file, duplicates,
 * context limit) are applied in line order by {@link DatasetChecker}. Filled by {@link
 * LineAnalyzer}.
 */
final class LineCheck {
  /** A finding's sample value (unknown role, unknown key, ...). */
  record Value(IssueKind kind, String value) {}

  final long lineNo;
  boolean blank;

  /** Whether the line is a JSON object (so {@link #shape} and {@link #key} are meaningful). */
  boolean object;

  DatasetFormat shape = DatasetFormat.UNKNOWN;
  ExampleHasher.Key key;
  final EnumSet<IssueKind> found = EnumSet.noneOf(IssueKind.class);
  final List<Value> values = new ArrayList<>(0);
  int messages;

  /** Tokens of the example (see {@link TokenCounter}). */
  int tokens;

  /** Tokens of the longest sequence the model sees (DPO: input + the longer output). */
  int sequenceTokens;

  int assistantTokens;

  LineCheck(long lineNo) {
    this.lineNo = lineNo;
  }

  void add(IssueKind kind) {
    found.add(kind);
  }

  void add(IssueKind kind, String value) {
    found.add(kind);
    values.add(new Value(kind, value));
  }

  boolean hasError() {
    for (IssueKind k : found) {
      if (k.severity() == Severity.ERROR) {
        return true;
      }
    }
    return false;
  }
}
