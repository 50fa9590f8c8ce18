package dev.openaift.metrics;

import dev.openaift.job.InputFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads a fine-tuning result file (current {@code step_metrics.csv} or legacy
 * {@code compiled_results.csv}) into the canonical table.
 *
 * <p>What it tolerates: a UTF-8 BOM, CRLF, blank lines (anywhere; they are skipped), blank cells,
 * {@code nan}/{@code inf} cells (read as missing), {@code 1e-05} notation, unknown numeric columns (kept
 * as extras), base64-encoded content (one line of the base64 alphabet that decodes to text starting
 * with a header: decoded first), and a truncated last line (fewer cells than the header, or a last line
 * without a line break that does not parse): that line is dropped with a warning. Rows out of step
 * order are sorted by step, with a warning naming the first line out of order.
 *
 * <p>What it refuses, with {@link InputFileException} naming line and column (1-based; the column is
 * the cell's index): an empty file, a binary file, a missing header (first line not column names, or no
 * {@code step} column), a duplicate column name, a non-numeric cell, a row with the wrong number of
 * cells (other than the last), a missing or non-integer step, and a duplicate step.
 *
 * <p>The scanner works on the bytes directly and parses plain decimals without allocating, so a
 * million-row file reads in a few hundred milliseconds.
 */
public final class ResultFileReader {

  private ResultFileReader() {}

  /** Reads the file at {@code path}. */
  public static ResultTable read(Path path) {
    byte[] bytes;
    try {
      if (Files.isDirectory(path)) {
        throw new InputFileException(path, "is a directory, expected a result file (CSV)");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException ex) {
      throw new InputFileException(path, "no such file");
    } catch (IOException ex) {
      throw new InputFileException(path, "cannot read: " + ex.getMessage(), ex);
    }
    return read(bytes, path);
  }

  /**
   * Reads result-file content (e.g. downloaded from the API).
   *
   * @param nameForMessages the path named in errors and warnings
   */
  public static ResultTable read(byte[] content, Path nameForMessages) {
    TablesawWarmUp.start();
    return new Scan(content, nameForMessages).run();
  }

  /** One reading; holds the state of the scanner. */
  private static final class Scan {
    private final Path path;
    private final String shortName;
    private byte[] b;
    private int start;
    private final List<String> warnings = new ArrayList<>();

    Scan(byte[] content, Path path) {
      this.b = content;
      this.path = path;
      Path fileName = path.getFileName();
      this.shortName = fileName == null ? path.toString() : fileName.toString();
    }

    ResultTable run() {
      if (isBlank(b, 0, b.length)) {
        throw new InputFileException(path, "empty file, expected CSV with a header line");
      }
      start = bomLength(b);
      byte[] decoded = decodeBase64(b, start);
      if (decoded != null) {
        b = decoded;
        start = bomLength(b);
      }
      checkText();
      return parse();
    }

    // ---------------------------------------------------------------- content checks

    private void checkText() {
      boolean ascii = true;
      for (int i = start; i < b.length; i++) {
        byte c = b[i];
        if (c == 0) {
          throw new InputFileException(path, "binary file, expected CSV");
        }
        if (c < 0) {
          ascii = false;
        }
      }
      if (!ascii) {
        try {
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b, start, b.length - start));
        } catch (CharacterCodingException ex) {
          throw new InputFileException(path, "binary file, expected CSV");
        }
      }
    }

    /** The decoded bytes when the content is one line of base64 holding a CSV with a header, else null. */
    private static byte[] decodeBase64(byte[] b, int from) {
      int end = b.length;
      while (end > from && isSpace(b[end - 1])) {
        end--;
      }
      int len = end - from;
      if (len < 8 || len % 4 != 0) {
        return null;
      }
      for (int i = from; i < end; i++) {
        byte c = b[i];
        boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '+' || c == '/' || (c == '=' && i >= end - 2);
        if (!ok) {
          return null;
        }
      }
      byte[] out;
      try {
        out = Base64.getDecoder().decode(ByteBuffer.wrap(b, from, len)).array();
      } catch (IllegalArgumentException notBase64) {
        return null;
      }
      int s = bomLength(out);
      while (s < out.length && isSpace(out[s])) {
        s++;
      }
      String head = new String(out, s, Math.min(out.length - s, 5), StandardCharsets.ISO_8859_1);
      return head.equals("step,") || head.startsWith("step") && out.length - s == 4 ? out : null;
    }

    // ---------------------------------------------------------------- parsing

    private ResultTable parse() {
      // The header is the first line (after the BOM).
      int lineEnd = indexOf(b, (byte) '\n', start);
      int headerEnd = stripCr(start, lineEnd);
      String headerText = new String(b, start, headerEnd - start, StandardCharsets.UTF_8);
      String[] header = splitHeader(headerText);
      int stepIndex = checkHeader(header);
      int ncols = header.length;

      // Where the last non-blank line is, and whether it ends with a line break.
      int contentEnd = b.length;
      while (contentEnd > start && isSpace(b[contentEnd - 1])) {
        contentEnd--;
      }
      boolean lastHasBreak = indexOf(b, (byte) '\n', contentEnd) < b.length;

      // one slot per line after the header (exact for files without blank lines: no copy at the end)
      int capacity = 0;
      int lastBreak = lineEnd;
      for (int i = lineEnd; i < b.length; i = indexOf(b, (byte) '\n', i + 1)) {
        capacity++;
        lastBreak = i;
      }
      capacity = Math.max(0, capacity - 1) + (lastBreak + 1 < b.length ? 1 : 0);
      long[] steps = new long[capacity];
      int[] lines = new int[capacity];
      double[][] cols = new double[ncols][];
      for (int c = 0; c < ncols; c++) {
        cols[c] = c == stepIndex ? null : new double[capacity];
      }
      int rows = 0;
      int line = 1;
      int nonFinite = 0;
      boolean sorted = true;
      int firstUnsortedLine = 0;
      double[] cells = new double[ncols];

      int pos = lineEnd + 1;
      rowLoop:
      while (pos < b.length) {
        line++;
        int eol = indexOf(b, (byte) '\n', pos);
        int end = stripCr(pos, eol);
        int lineStart = pos;
        pos = eol + 1;
        if (isBlank(b, lineStart, end)) {
          continue;
        }
        boolean isLast = end >= contentEnd;
        int cellStart = lineStart;
        int col = 0;
        while (true) {
          int comma = indexOf(b, (byte) ',', cellStart, end);
          if (col >= ncols) {
            throw new InputFileException(path, line, col + 1,
                "expected " + ncols + " cells as in the header, found more");
          }
          double v = parseCell(cellStart, comma);
          if (v == BAD) {
            if (isLast && !lastHasBreak) {
              dropLast(line);
              break rowLoop;
            }
            throw new InputFileException(path, line, col + 1, "non-numeric value \""
                + cellText(cellStart, comma) + "\" in column " + header[col]);
          }
          if (v == NON_FINITE) {
            nonFinite++;
            v = Double.NaN;
          }
          cells[col++] = v;
          if (comma >= end) {
            break;
          }
          cellStart = comma + 1;
        }
        if (col < ncols) {
          if (isLast) {
            dropLast(line);
            break;
          }
          throw new InputFileException(path, line, col + 1,
              "expected " + ncols + " cells as in the header, found " + col);
        }
        double step = cells[stepIndex];
        if (Double.isNaN(step)) {
          throw new InputFileException(path, line, stepIndex + 1, "missing step");
        }
        if (step != Math.rint(step) || Math.abs(step) > 1e15) {
          throw new InputFileException(path, line, stepIndex + 1,
              "step must be a whole number, was \"" + cellText(lineStart, end, stepIndex) + "\"");
        }
        long s = (long) step;
        if (rows > 0 && s <= steps[rows - 1]) {
          if (s == steps[rows - 1]) {
            throw new InputFileException(path, line, stepIndex + 1,
                "duplicate step " + s + " (also on line " + lines[rows - 1] + ")");
          }
          if (sorted) {
            sorted = false;
            firstUnsortedLine = line;
          }
        }
        steps[rows] = s;
        lines[rows] = line;
        for (int c = 0; c < ncols; c++) {
          if (c != stepIndex) {
            cols[c][rows] = cells[c];
          }
        }
        rows++;
      }
      if (rows == 0) {
        throw new InputFileException(path, 1, 0, "no data rows after the header");
      }
      if (!sorted) {
        sortByStep(steps, lines, cols, rows, stepIndex);
        warnings.add(shortName + ":" + firstUnsortedLine + ": rows are not in step order; sorted by step");
      }
      if (nonFinite > 0) {
        warnings.add(shortName + ": " + nonFinite + " nan/inf cell" + (nonFinite == 1 ? "" : "s")
            + " read as missing");
      }
      TablesawWarmUp.await();
      return build(header, stepIndex, steps, cols, rows);
    }

    private void dropLast(int line) {
      warnings.add(shortName + ":" + line + ": last line is incomplete (job still running?); ignored");
    }

    /** The text of cell {@code index} (0-based) of the line {@code [lineStart, end)}. */
    private String cellText(int lineStart, int end, int index) {
      int from = lineStart;
      for (int i = 0; i < index; i++) {
        from = indexOf(b, (byte) ',', from, end) + 1;
      }
      return cellText(from, indexOf(b, (byte) ',', from, end));
    }

    private void sortByStep(long[] steps, int[] lines, double[][] cols, int rows, int stepIndex) {
      Integer[] order = new Integer[rows];
      for (int i = 0; i < rows; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Long.compare(steps[x], steps[y]));
      long[] s2 = new long[rows];
      int[] l2 = new int[rows];
      for (int i = 0; i < rows; i++) {
        s2[i] = steps[order[i]];
        l2[i] = lines[order[i]];
        if (i > 0 && s2[i] == s2[i - 1]) {
          int later = Math.max(l2[i], l2[i - 1]);
          int earlier = Math.min(l2[i], l2[i - 1]);
          throw new InputFileException(path, later, stepIndex + 1,
              "duplicate step " + s2[i] + " (also on line " + earlier + ")");
        }
      }
      System.arraycopy(s2, 0, steps, 0, rows);
      System.arraycopy(l2, 0, lines, 0, rows);
      for (double[] col : cols) {
        if (col != null) {
          double[] c2 = new double[rows];
          for (int i = 0; i < rows; i++) {
            c2[i] = col[order[i]];
          }
          System.arraycopy(c2, 0, col, 0, rows);
        }
      }
    }

    private ResultTable build(String[] header, int stepIndex, long[] steps, double[][] cols, int rows) {
      boolean legacy = false;
      for (String h : header) {
        legacy |= Canonical.isLegacyColumn(h);
      }
      // exact canonical names first, then aliases, so "valid_accuracy" beside
      // "valid_mean_token_accuracy" cannot clash
      Map<Integer, String> canonicalOf = new HashMap<>();
      Map<String, Integer> columnOf = new HashMap<>();
      for (int c = 0; c < header.length; c++) {
        if (c != stepIndex && Canonical.isCanonical(header[c])) {
          canonicalOf.put(c, header[c]);
          columnOf.put(header[c], c);
        }
      }
      for (int c = 0; c < header.length; c++) {
        String target = Canonical.COLUMN_ALIASES.get(header[c]);
        if (c != stepIndex && target != null && !canonicalOf.containsKey(c) && !columnOf.containsKey(target)) {
          canonicalOf.put(c, target);
          columnOf.put(target, c);
        }
      }
      List<Column<?>> columns = new ArrayList<>();
      columns.add(LongColumn.create(Canonical.STEP, trim(steps, rows)));
      Map<String, String> source = new LinkedHashMap<>();
      for (String name : Canonical.NAMES) {
        Integer c = columnOf.get(name);
        if (c != null) {
          columns.add(DoubleColumn.create(name, trim(cols[c], rows)));
          source.put(name, header[c]);
        }
      }
      for (int c = 0; c < header.length; c++) {
        if (c != stepIndex && !canonicalOf.containsKey(c)) {
          columns.add(DoubleColumn.create(header[c], trim(cols[c], rows)));
        }
      }
      Table table = Table.create(shortName, columns);
      return new ResultTable(legacy ? "legacy" : "current", table, source, warnings);
    }

    private String[] splitHeader(String headerText) {
      String[] cells = headerText.split(",", -1);
      for (int i = 0; i < cells.length; i++) {
        String c = cells[i].strip();
        if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
          c = c.substring(1, c.length() - 1).strip();
        }
        cells[i] = c;
      }
      return cells;
    }

    private int checkHeader(String[] header) {
      int stepIndex = -1;
      for (int i = 0; i < header.length; i++) {
        if (header[i].equals(Canonical.STEP)) {
          stepIndex = i;
          break;
        }
      }
      if (stepIndex < 0) {
        for (int i = 0; i < header.length; i++) {
          if (looksNumeric(header[i])) {
            throw new InputFileException(path, 1, i + 1, "missing header: the first line holds values (\""
                + header[i] + "\"), expected column names such as step,train_loss,...");
          }
        }
        throw new InputFileException(path, 1, 1, "missing header: no \"step\" column in the first line");
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        if (header[i].isEmpty()) {
          throw new InputFileException(path, 1, i + 1, "empty column name in the header");
        }
        Integer before = seen.put(header[i], i);
        if (before != null) {
          throw new InputFileException(path, 1, i + 1, "duplicate column \"" + header[i] + "\" in the header");
        }
      }
      return stepIndex;
    }

    private static boolean looksNumeric(String s) {
      try {
        Double.parseDouble(s);
        return !s.isEmpty();
      } catch (NumberFormatException ex) {
        return false;
      }
    }

    // ---------------------------------------------------------------- cells

    /** Marks a cell that is not a number (NaN payloads are never produced by parsing). */
    private static final double BAD = -7.777e307;
    /** Marks a nan/inf cell. */
    private static final double NON_FINITE = -7.778e307;

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** The cell's value, NaN when blank, {@link #NON_FINITE} or {@link #BAD}. */
    private double parseCell(int s, int e) {
      while (s < e && (b[s] == ' ' || b[s] == '\t')) {
        s++;
      }
      while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
        e--;
      }
      if (e - s >= 2 && b[s] == '"' && b[e - 1] == '"') {
        s++;
        e--;
      }
      if (s == e) {
        return Double.NaN;
      }
      // Fast path: [-+]digits[.digits][e[-+]digits] with at most 15 significant digits and a
      // power of ten up to 22 is exact in one multiplication or division (Clinger's fast path).
      int i = s;
      boolean neg = false;
      if (b[i] == '-' || b[i] == '+') {
        neg = b[i] == '-';
        i++;
      }
      long mant = 0;
      int digits = 0;
      int scale = 0;
      boolean any = false;
      boolean simple = true;
      while (i < e && b[i] >= '0' && b[i] <= '9') {
        if (mant != 0 || b[i] != '0') {
          digits++;
        }
        mant = mant * 10 + (b[i] - '0');
        any = true;
        i++;
        if (digits > 15) {
          simple = false;
          break;
        }
      }
      if (simple && i < e && b[i] == '.') {
        i++;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
          if (mant != 0 || b[i] != '0') {
            digits++;
          }
          mant = mant * 10 + (b[i] - '0');
          scale++;
          any = true;
          i++;
          if (digits > 15) {
            simple = false;
            break;
          }
        }
      }
      int exp = 0;
      if (simple && any && i < e && (b[i] == 'e' || b[i] == 'E')) {
        i++;
        boolean eneg = false;
        if (i < e && (b[i] == '-' || b[i] == '+')) {
          eneg = b[i] == '-';
          i++;
        }
        int expStart = i;
        while (i < e && b[i] >= '0' && b[i] <= '9' && i - expStart < 5) {
          exp = exp * 10 + (b[i] - '0');
          i++;
        }
        if (i == expStart) {
          simple = false;
        }
        exp = eneg ? -exp : exp;
      }
      if (simple && any && i == e) {
        int p = exp - scale;
        if (p >= -22 && p <= 22) {
          double v = p >= 0 ? mant * POW10[p] : mant / POW10[-p];
          return neg ? -v : v;
        }
      }
      return slowParse(s, e);
    }

    private double slowParse(int s, int e) {
      String text = new String(b, s, e - s, StandardCharsets.UTF_8);
      String lower = text.toLowerCase(Locale.ROOT);
      switch (lower) {
        case "nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity":
          return NON_FINITE;
        default:
          break;
      }
      for (int i = 0; i < lower.length(); i++) {
        char c = lower.charAt(i);
        if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == '-' || c == '+')) {
          return BAD;
        }
      }
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException ex) {
        return BAD;
      }
    }

    private String cellText(int s, int e) {
      String t = new String(b, s, e - s, StandardCharsets.UTF_8).strip();
      return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    private int stripCr(int from, int eol) {
      return eol > from && b[eol - 1] == '\r' ? eol - 1 : eol;
    }
  }

  // ---------------------------------------------------------------- byte helpers

  private static int bomLength(byte[] b) {
    return b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF ? 3 : 0;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isSpace(b[i])) {
        return false;
      }
    }
    return true;
  }

  /** Index of {@code c} at or after {@code from}, or {@code b.length}. */
  private static int indexOf(byte[] b, byte c, int from) {
    return indexOf(b, c, from, b.length);
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return to;
  }

  private static long[] trim(long[] a, int n) {
    return a.length == n ? a : Arrays.copyOf(a, n);
  }

  private static double[] trim(double[] a, int n) {
    return a.length == n ? a : Arrays.copyOf(a, n);
  }
}
