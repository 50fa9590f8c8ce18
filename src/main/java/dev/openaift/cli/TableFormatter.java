package dev.openaift.cli;

import dev.openaift.io.Echo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned plain-text table for people: every column padded to its widest cell, two spaces
 * between columns, no trailing spaces. A null cell shows as {@code -}. Without headers it is a
 * key/value list.
 */
final class TableFormatter {
  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /** A table whose first line is {@code headers}; pass none for a table without a header line. */
  TableFormatter(String... headers) {
    this.headers = headers.clone();
    this.right = new boolean[headers.length];
  }

  /** Right-aligns these columns (0-based), e.g. numbers. */
  /** The longest cell shown whole, in characters (a 5 MB label is not printed whole). */
  static final int MAX_CELL = 400;

  TableFormatter rightAligned(int... columns) {
    for (int c : columns) {
      right[c] = true;
    }
    return this;
  }

  TableFormatter add(Object... cells) {
    String[] row = new String[Math.max(cells.length, headers.length)];
    for (int i = 0; i < row.length; i++) {
      Object v = i < cells.length ? cells[i] : null;
      // cells come from the API: line breaks fold to a space, other control characters show as
      // escapes
      // escapes, and a cell longer than MAX_CELL loses its middle
      row[i] =
          v == null
              ? "-"
              : Echo.visible(Echo.middle(v.toString().replaceAll("[\\r\\n\\t]+", " "), MAX_CELL));
    }
    rows.add(row);
    return this;
  }

  int size() {
    return rows.size();
  }

  void print(PrintWriter out) {
    lines().forEach(out::println);
  }

  List<String> lines() {
    List<String[]> all = new ArrayList<>();
    if (headers.length > 0) {
      all.add(headers);
    }
    all.addAll(rows);
    int columns = all.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[columns];
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] r : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        String pad = " ".repeat(width[i] - r[i].length());
        boolean alignRight = i < right.length && right[i];
        sb.append(alignRight ? pad + r[i] : r[i] + pad);
      }
      lines.add(stripEnd(sb.toString()));
    }
    return lines;
  }

  private static String stripEnd(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }
}
