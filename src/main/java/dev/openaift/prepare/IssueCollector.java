package dev.openaift.prepare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** Counts findings per kind, keeping the first line numbers and a few sample values of each. */
final class IssueCollector {
  /** Sample values kept per kind (unknown roles, unknown keys, ...). */
  static final int MAX_VALUES = 10;

  /** Longest sample value kept; longer ones are cut with an ellipsis. */
  static final int MAX_VALUE_LENGTH = 60;

  private final int maxLines;
  private final Map<IssueKind, Tally> tallies = new EnumMap<>(IssueKind.class);

  IssueCollector(int maxLines) {
    this.maxLines = maxLines;
  }

  /** One more line with this finding. */
  void add(IssueKind kind, long line) {
    Tally t = tally(kind);
    t.present = true;
    t.count++;
    if (t.lines.size() < maxLines) {
      t.lines.add(line);
    }
  }

  /** A finding about the whole file, with its own count. */
  void fileLevel(IssueKind kind, long count) {
    Tally t = tally(kind);
    t.present = true;
    t.count = count;
  }

  /** A sample value for a kind (kept when fewer than {@link #MAX_VALUES} are kept already). */
  void value(IssueKind kind, String value) {
    SortedSet<String> values = tally(kind).values;
    String v =
        value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH - 1) + "…" : value;
    if (values.size() < MAX_VALUES || values.contains(v)) {
      values.add(v);
    }
  }

  /**
   * The findings, in the order of {@link IssueKind} (errors first); kinds that were only given
   * values are left out.
   */
  List<Issue> issues() {
    List<Issue> out = new ArrayList<>();
    tallies.forEach(
        (kind, t) -> {
          if (t.present) {
            out.add(new Issue(kind, t.count, t.lines, new ArrayList<>(t.values)));
          }
        });
    return out;
  }

  private Tally tally(IssueKind kind) {
    return tallies.computeIfAbsent(kind, k -> new Tally());
  }

  private static final class Tally {
    boolean present;
    long count;
    final List<Long> lines = new ArrayList<>();
    final SortedSet<String> values = new TreeSet<>();
  }
}
