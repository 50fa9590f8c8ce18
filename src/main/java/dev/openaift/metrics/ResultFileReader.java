package dev.openaift.metrics;

import dev.openaift.io.InputFileException;
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

/**
 * Reads a fine-tuning result file (current {@code step_metrics.csv}, legacy {@code
 * compiled_results.csv}, Azure's with its {@code timestamp} column) into the canonical table. Cells
 * and steps are read by {@link NumberRules}, the rules {@code trainer_state.json} is read by too.
 *
 * <p>What it tolerates: a UTF-8 BOM, CRLF, blank lines (anywhere; they are skipped), blank cells,
 * cells in double quotes (RFC 4180: a quoted cell may hold commas), non-finite cells ({@code nan},
 * {@code inf}, or a value too large for a double such as {@code 1e400}: read as missing and counted
 * in one warning), {@code 1e-05} notation, columns it does not know (kept as extras with a note
 * when numeric, left out with a note when they hold text), a {@code timestamp} column (ISO 8601:
 * the rows' times, {@link ResultTable#times()}), base64-encoded content (also wrapped in lines or
 * without its padding) that decodes to text starting with a header, and a truncated last line,
 * dropped with a warning.
 *
 * <p>The last-line rule: the service ends every line of a finished file with a line break, so a
 * last line without one was cut while being written and may hold a cut number ({@code 0.} of {@code
 * 0.73847}) that still parses. It is dropped with a warning, unless the job is known to be finished
 * and the line is whole by form: as many cells as the header, and no cell ending where a number
 * cannot end ({@code .}, {@code e}, a sign). A last line with fewer cells is dropped with a warning
 * whether or not it ends with a line break. Rows out of step order are sorted by step, with a
 * warning naming the first line out of order.
 *
 * <p>What it refuses, with {@link InputFileException} naming line and column (1-based; the column
 * is the cell's index): an empty file, a binary file, CR-only line breaks, base64 that does not
 * decode (with the reason), a missing header (first line not column names, or no {@code step}
 * column), a duplicate column name, a cell that is not a number in a column it knows (or not a time
 * in {@code timestamp}), a row with the wrong number of cells (other than the last), a missing
 * step, a step that is not a whole number from 1 to 10^15 (steps count from 1; a file counting from
 * 0 is refused rather than shifted, see {@link Scan#STEP_ZERO}), and a duplicate step.
 *
 * <p>The scanner works on the bytes directly and parses plain decimals without allocating, so a
 * million-row file reads in a few hundred milliseconds.
 */
public final class ResultFileReader {

  private ResultFileReader() {}

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  /**
   * Column kinds: the step, a time column, a known metric, a column not known (kept if numeric).
   */
  private static final byte STEP = 0;

  private static final byte TIME = 1;
  private static final byte STRICT = 2;
  private static final byte LENIENT = 3;

  /** Reads the file at {@code path}. */
  public static ResultTable read(Path path) {
    return read(path, false);
  }

  /**
   * Reads the file at {@code path}.
   *
   * @param jobFinished whether the job is known to be finished (its {@code job.json} says so): only
   *     then may a last line without a line break be kept (see the class comment)
   */
  public static ResultTable read(Path path, boolean jobFinished) {
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
    return read(bytes, path, jobFinished);
  }

  /**
   * Reads result-file content (e.g. downloaded from the API).
   *
   * @param nameForMessages the path named in errors and warnings
   */
  public static ResultTable read(byte[] content, Path nameForMessages) {
    return read(content, nameForMessages, false);
  }

  /**
   * Reads result-file content.
   *
   * @param jobFinished whether the job is known to be finished (see {@link #read(Path, boolean)})
   */
  public static ResultTable read(byte[] content, Path nameForMessages, boolean jobFinished) {
    return read(content, nameForMessages, jobFinished, SPLIT_BYTES);
  }

  /**
   * Content of at least this many bytes is parsed in two halves on two threads (split at a line
   * break): the 1,000,000-step file (25 MB) took 30% of the report's main thread while the second
   * core sat idle. The result, warnings and errors are the same as one pass gives.
   */
  static final int SPLIT_BYTES = 1 << 20;

  /** As {@link #read(byte[], Path, boolean)}, splitting content of {@code splitBytes} or more. */
  static ResultTable read(
      byte[] content, Path nameForMessages, boolean jobFinished, int splitBytes) {
    return new Scan(content, nameForMessages, jobFinished, splitBytes).run();
  }

  /** One reading; holds the state of the scanner. */
  private static final class Scan {
    private final Path path;
    private final String shortName;
    private byte[] b;
    private int start;
    private final boolean jobFinished;
    private final int splitBytes;
    private final List<String> warnings = new ArrayList<>();

    Scan(byte[] content, Path path, boolean jobFinished, int splitBytes) {
      this.b = content;
      this.jobFinished = jobFinished;
      this.splitBytes = splitBytes;
      this.path = path;
      Path fileName = path.getFileName();
      this.shortName = fileName == null ? path.toString() : fileName.toString();
    }

    ResultTable run() {
      if (isBlank(b, 0, b.length)) {
        throw new InputFileException(path, "empty file, expected CSV with a header line");
      }
      start = bomLength(b);
      byte[] decoded = decodeBase64();
      if (decoded != null) {
        b = decoded;
        start = bomLength(b);
      }
      return parse();
    }

    // ---------------------------------------------------------------- content checks

    /**
     * Whether a byte seen so far is not ASCII; {@link #nextBreak} sets it while it looks for line
     * breaks, so the text is checked in the same pass that counts the lines.
     */
    private boolean nonAscii;

    /**
     * The whole content is text: no NUL byte, and valid UTF-8 when not ASCII. Called when the
     * header is wrong (a binary file is reported as such, whatever its first line looks like) and
     * after the pass that counted the lines and checked the bytes.
     */
    private void checkText() {
      checkBytes(start, b.length);
      checkUtf8();
    }

    /** Refuses a NUL byte in {@code [from, to)} (a binary file) and notes one that is not ASCII. */
    private void checkBytes(int from, int to) {
      for (int i = from; i < to; i++) {
        byte c = b[i];
        if (c == 0) {
          throw new InputFileException(path, "binary file, expected CSV");
        }
        if (c < 0) {
          nonAscii = true;
        }
      }
    }

    private void checkUtf8() {
      if (nonAscii) {
        try {
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b, start, b.length - start));
        } catch (CharacterCodingException ex) {
          throw new InputFileException(path, "binary file, expected CSV");
        }
      }
    }

    /**
     * The decoded bytes when the content looks like base64 (no comma, at least 16 characters,
     * nearly all of the base64 alphabet), else null. Line breaks (a wrapped encoding) are skipped
     * and missing padding is added; content that looks like base64 but does not decode, or does not
     * decode to a CSV with a header, is an error saying why.
     */
    private byte[] decodeBase64() {
      int firstLineEnd = indexOf(b, (byte) '\n', start);
      String firstLine =
          new String(b, start, firstLineEnd - start, StandardCharsets.ISO_8859_1).strip();
      if (firstLine.equals(Canonical.STEP)) {
        return null; // a CSV with nothing but a step column
      }
      int chars = 0;
      int alphabet = 0;
      for (int i = start; i < b.length; i++) {
        byte c = b[i];
        if (c == ',') {
          return null;
        }
        if (!isSpace(c)) {
          chars++;
          alphabet += isBase64(c) || c == '=' ? 1 : 0;
        }
      }
      if (chars < 16 || alphabet < chars * 0.95) {
        return null;
      }
      byte[] packed = new byte[chars + 3];
      int n = 0;
      int line = 1;
      int lineStart = start;
      int padding = 0;
      for (int i = start; i < b.length; i++) {
        byte c = b[i];
        if (c == '\n') {
          line++;
          lineStart = i + 1;
        } else if (!isSpace(c)) {
          boolean ok = c == '=' ? n > 0 : isBase64(c) && padding == 0;
          if (!ok) {
            String shown =
                c == '='
                    ? "padding \"=\" before the end"
                    : c >= 0x21 && c < 0x7f
                        ? "\"" + (char) c + "\" is not a base64 character"
                        : String.format(
                            Locale.ROOT, "byte 0x%02X is not a base64 character", c & 0xff);
            throw new InputFileException(
                path,
                line,
                i - lineStart + 1,
                "looks like base64 but does not decode: "
                    + (padding > 0 && isBase64(c) ? "padding \"=\" before the end" : shown));
          }
          padding += c == '=' ? 1 : 0;
          packed[n++] = c;
        }
      }
      int data = n - padding;
      if (data % 4 == 1 || padding > 2) {
        throw new InputFileException(
            path,
            "looks like base64 but does not decode: "
                + n
                + " characters is one too many for whole groups of 4 (the file was cut?)");
      }
      n = data;
      while (n % 4 != 0) {
        packed[n++] = '=';
      }
      byte[] out;
      try {
        out = Base64.getDecoder().decode(Arrays.copyOf(packed, n));
      } catch (IllegalArgumentException badPadding) {
        throw new InputFileException(
            path, "looks like base64 but does not decode: its last group is not whole");
      }
      int s = bomLength(out);
      while (s < out.length && isSpace(out[s])) {
        s++;
      }
      int e = s + Canonical.STEP.length();
      boolean header =
          new String(out, s, Math.min(out.length - s, 4), StandardCharsets.ISO_8859_1)
                  .equals(Canonical.STEP)
              && (e == out.length || out[e] == ',' || out[e] == '\r' || out[e] == '\n');
      if (!header) {
        throw new InputFileException(
            path,
            "looks like base64, but what it decodes to does not start with a header line"
                + " (step,...)");
      }
      return out;
    }

    private static boolean isBase64(byte c) {
      return (c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/';
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Index of the next line break at or after {@code from}, or {@code b.length}; on the way it
     * refuses a NUL byte (a binary file) and notes a byte that is not ASCII.
     */
    private int nextBreak(int from) {
      int i = from;
      while (i < b.length) {
        byte c = b[i];
        if (c <= '\n') {
          if (c == '\n') {
            return i;
          }
          if (c == 0) {
            throw new InputFileException(path, "binary file, expected CSV");
          }
          nonAscii |= c < 0;
        }
        i++;
      }
      return i;
    }

    /** The header line's cells, after the check for CR-only line breaks (all one line then). */
    private String[] header(int lineEnd) {
      int headerEnd = stripCr(start, lineEnd);
      for (int i = start; i < headerEnd; i++) {
        if (b[i] == '\r' && i + 1 < b.length && !isSpace(b[i + 1])) {
          throw new InputFileException(
              path,
              1,
              0,
              "line breaks are CR only (classic Mac); convert them to LF or CRLF, e.g. tr '\\r"
                  + "' '\\n"
                  + "'");
        }
      }
      return splitHeader(new String(b, start, headerEnd - start, StandardCharsets.UTF_8));
    }

    private ResultTable parse() {
      // The header is the first line (after the BOM).
      int lineEnd = indexOf(b, (byte) '\n', start);
      String[] header;
      int stepIndex;
      try {
        header = header(lineEnd);
        stepIndex = checkHeader(header);
      } catch (InputFileException e) {
        checkText(); // a binary file is reported as one
        throw e;
      }
      int ncols = header.length;
      checkBytes(start, lineEnd); // the rest is checked as the lines are counted
      // Where the last non-blank line is, and whether it ends with a line break.
      int contentEnd = b.length;
      while (contentEnd > start && isSpace(b[contentEnd - 1])) {
        contentEnd--;
      }
      boolean lastHasBreak = indexOf(b, (byte) '\n', contentEnd) < b.length;

      // one slot per line after the header (exact for files without blank lines: no copy at the
      // end); large content is split at the first line break past its middle
      int capacity = 0;
      int lastBreak = lineEnd;
      int mid = b.length >= splitBytes ? start + (contentEnd - start) / 2 : b.length;
      int splitPos = -1;
      int splitLine = 0;
      for (int i = lineEnd; i < b.length; i = nextBreak(i + 1)) {
        capacity++;
        lastBreak = i;
        if (splitPos < 0 && i >= mid && i > lineEnd && i + 1 < contentEnd) {
          splitPos = i + 1; // starts line capacity + 1, the row at index capacity - 1
          splitLine = capacity;
        }
      }
      checkUtf8();
      capacity = Math.max(0, capacity - 1) + (lastBreak + 1 < b.length ? 1 : 0);
      long[] steps = new long[capacity];
      int[] lines = new int[capacity];
      double[][] cols = new double[ncols][];
      for (int c = 0; c < ncols; c++) {
        cols[c] = c == stepIndex ? null : new double[capacity];
      }
      Rows table = new Rows(header, stepIndex, contentEnd, lastHasBreak, steps, lines, cols);
      Part first = new Part(0, ncols);
      int rows;
      int firstUnsortedLine;
      String lastLineWarning;
      int nonFinite;
      List<Part> parts;
      if (splitPos < 0) {
        table.parse(lineEnd + 1, b.length, 1, first);
        rows = first.rows;
        firstUnsortedLine = first.firstUnsortedLine;
        lastLineWarning = first.lastLineWarning;
        nonFinite = first.nonFinite;
        parts = List.of(first);
      } else {
        Part second = new Part(splitLine - 1, ncols);
        int from = splitPos;
        int line = splitLine;
        // the second half on a helper thread: a 1,000,000-step file is read in two
        try (HelperThreads.Helper<Void> other =
            HelperThreads.start(
                "result-file-reader",
                () -> {
                  try {
                    table.parse(from, b.length, line, second);
                  } catch (RuntimeException ex) {
                    second.failure = ex; // ordered against the first half's rows in join()
                  }
                  return null;
                })) {
          table.parse(lineEnd + 1, splitPos, 1, first);
          other.join();
        }
        rows = join(first, second, steps, lines, cols, stepIndex);
        firstUnsortedLine =
            first.firstUnsortedLine != 0
                ? first.firstUnsortedLine
                : first.rows > 0 && second.rows > 0 && steps[first.rows] < steps[first.rows - 1]
                    ? lines[first.rows]
                    : second.firstUnsortedLine;
        lastLineWarning = second.lastLineWarning;
        nonFinite = first.nonFinite + second.nonFinite;
        parts = List.of(first, second);
      }
      boolean sorted = firstUnsortedLine == 0;
      if (lastLineWarning != null) {
        warnings.add(lastLineWarning);
      }
      if (rows == 0) {
        throw new InputFileException(path, 1, 0, "no data rows after the header");
      }
      if (!sorted) {
        sortByStep(steps, lines, cols, rows, stepIndex);
        warnings.add(
            shortName + ":" + firstUnsortedLine + ": rows are not in step order; sorted by step");
      }
      if (nonFinite > 0) {
        warnings.add(
            shortName
                + ": "
                + nonFinite
                + " non-finite cell"
                + (nonFinite == 1 ? "" : "s")
                + " (nan, inf, or too large such as 1e400) read as missing");
      }
      int zoneless = 0;
      boolean[] text = new boolean[ncols];
      for (Part part : parts) {
        zoneless += part.zonelessTimes;
      }
      for (int c = 0; c < ncols; c++) {
        int count = 0;
        int line = 0;
        String shown = null;
        for (Part part : parts) {
          if (part.textCells[c] > 0 && shown == null) {
            line = part.textLine[c];
            shown = part.textShown[c];
          }
          count += part.textCells[c];
        }
        if (count > 0) {
          text[c] = true;
          warnings.add(
              shortName
                  + ":"
                  + line
                  + ": column "
                  + header[c]
                  + " is not one openai-ft knows and holds text (\""
                  + shown
                  + "\""
                  + (count > 1 ? " and " + (count - 1) + " more" : "")
                  + "), not numbers; left out");
        }
      }
      if (zoneless > 0) {
        warnings.add(
            shortName
                + ": "
                + zoneless
                + " time"
                + (zoneless == 1 ? "" : "s")
                + " without a time zone read as UTC");
      }
      return build(header, stepIndex, steps, cols, rows, table.kinds, text);
    }

    /** The rows of the table being read, filled by one or two {@link Part}s. */
    private final class Rows {
      private final String[] header;
      private final int stepIndex;
      private final int ncols;
      private final int contentEnd;
      private final boolean lastHasBreak;
      private final long[] steps;
      private final int[] lines;
      private final double[][] cols;
      private final byte[] kinds;

      /** The time column ({@code timestamp}), or -1. */
      private final int timeIndex;

      Rows(
          String[] header,
          int stepIndex,
          int contentEnd,
          boolean lastHasBreak,
          long[] steps,
          int[] lines,
          double[][] cols) {
        this.header = header;
        this.stepIndex = stepIndex;
        this.ncols = header.length;
        this.contentEnd = contentEnd;
        this.lastHasBreak = lastHasBreak;
        this.steps = steps;
        this.lines = lines;
        this.cols = cols;
        this.kinds = kinds(header, stepIndex);
        int time = -1;
        for (int c = 0; c < kinds.length; c++) {
          time = kinds[c] == TIME ? c : time;
        }
        this.timeIndex = time;
      }

      /**
       * Parses the lines starting in {@code [pos, until)}; {@code line} is the number of the line
       * before {@code pos}. Counts into {@code part} as it goes, so that after an error its rows
       * are those before the failing line.
       */
      void parse(int pos, int until, int line, Part part) {
        int base = part.offset;
        int stepIndex = this.stepIndex;
        int timeIndex = this.timeIndex;
        int rows = 0;
        boolean sorted = true;
        double[] cells = new double[ncols];
        rowLoop:
        while (pos < until) {
          line++;
          int eol = indexOf(b, (byte) '\n', pos, until);
          int end = stripCr(pos, eol);
          int lineStart = pos;
          pos = eol + 1;
          // the first byte decides for all but blank-looking lines (no call per line)
          if (end == lineStart || (isSpace(b[lineStart]) && isBlank(b, lineStart, end))) {
            continue;
          }
          boolean isLast = end >= contentEnd;
          boolean cut = isLast && !lastHasBreak;
          if (cut && !jobFinished) {
            part.lastLineWarning = dropCut(line);
            break;
          }
          int cellStart = lineStart;
          NumberRules.Cell stepStatus = EMPTY;
          int col = 0;
          while (true) {
            if (col >= ncols) {
              throw new InputFileException(
                  path, line, col + 1, "expected " + ncols + " cells as in the header, found more");
            }
            NumberRules.Cell status;
            int comma;
            double v;
            if (col == timeIndex) {
              comma = cellEnd(cellStart, end);
              v = part.times.read(new String(b, cellStart, comma - cellStart, UTF8));
              status = Double.isNaN(v) ? (blank(cellStart, comma) ? EMPTY : BAD) : NUMBER;
              if (status == NUMBER && part.times.timeWithoutZone) {
                part.zonelessTimes++;
              }
            } else {
              v = quickCell(cellStart, end, part);
              comma = part.quickEnd;
              if (comma < 0) {
                comma = cellEnd(cellStart, end);
                status = part.cells.read(b, cellStart, comma);
                v = part.cells.value;
              } else {
                status = v != v ? EMPTY : NUMBER; // the quick read gives NaN only for empty
              }
            }
            if (cut && (status == BAD || !whole(cellStart, comma))) {
              part.lastLineWarning = dropCut(line);
              break rowLoop;
            }
            if (col == stepIndex) {
              stepStatus = status;
            }
            if (status == BAD) {
              if (kinds[col] != LENIENT) {
                throw new InputFileException(
                    path,
                    line,
                    col + 1,
                    (kinds[col] == TIME ? "not a time (ISO 8601) " : "non-numeric value ")
                        + "\""
                        + cellShown(cellStart, comma)
                        + "\" in column "
                        + header[col]);
              }
              if (part.textCells[col]++ == 0) {
                part.textLine[col] = line;
                part.textShown[col] = cellShown(cellStart, comma);
              }
            } else if (status == NON_FINITE) {
              part.nonFinite++;
            }
            cells[col++] = v;
            if (comma >= end) {
              break;
            }
            cellStart = comma + 1;
          }
          if (col < ncols) {
            if (cut) {
              part.lastLineWarning = dropCut(line);
              break;
            }
            if (isLast) {
              part.lastLineWarning = dropLast(line);
              break;
            }
            throw new InputFileException(
                path, line, col + 1, "expected " + ncols + " cells as in the header, found " + col);
          }
          double step = cells[stepIndex];
          NumberRules.Step rule = NumberRules.step(stepStatus, step);
          if (rule != NumberRules.Step.OK) {
            throw new InputFileException(
                path,
                line,
                stepIndex + 1,
                switch (rule) {
                  case MISSING -> "missing step";
                  case ZERO -> STEP_ZERO;
                  case TOO_LARGE ->
                      NumberRules.STEP_RULE
                          + ", was \""
                          + cellText(lineStart, end, stepIndex)
                          + "\"";
                  default ->
                      "step must be a positive whole number (steps count from 1), was \""
                          + cellText(lineStart, end, stepIndex)
                          + "\"";
                });
          }
          long s = (long) step;
          if (rows > 0 && s <= steps[base + rows - 1]) {
            if (s == steps[base + rows - 1]) {
              throw new InputFileException(
                  path,
                  line,
                  stepIndex + 1,
                  "duplicate step " + s + " (also on line " + lines[base + rows - 1] + ")");
            }
            if (sorted) {
              sorted = false;
              part.firstUnsortedLine = line;
            }
          }
          steps[base + rows] = s;
          lines[base + rows] = line;
          for (int c = 0; c < ncols; c++) {
            if (c != stepIndex) {
              cols[c][base + rows] = cells[c];
            }
          }
          rows++;
          part.rows = rows;
        }
      }
    }

    /**
     * Puts the second part's rows right after the first part's (blank lines leave a gap) and checks
     * the seam as one pass would have: an error on the second part's first row comes first, then a
     * step equal to the first part's last, then any later error. Returns the number of rows.
     */
    private int join(
        Part first, Part second, long[] steps, int[] lines, double[][] cols, int stepIndex) {
      if (second.failure != null && second.rows == 0) {
        throw second.failure;
      }
      int at = first.rows;
      if (second.offset != at) {
        System.arraycopy(steps, second.offset, steps, at, second.rows);
        System.arraycopy(lines, second.offset, lines, at, second.rows);
        for (double[] col : cols) {
          if (col != null) {
            System.arraycopy(col, second.offset, col, at, second.rows);
          }
        }
      }
      if (at > 0 && second.rows > 0 && steps[at] == steps[at - 1]) {
        throw new InputFileException(
            path,
            lines[at],
            stepIndex + 1,
            "duplicate step " + steps[at] + " (also on line " + lines[at - 1] + ")");
      }
      if (second.failure != null) {
        throw second.failure;
      }
      return at + second.rows;
    }

    /** What parsing a range of lines found; rows go to the table from index {@code offset}. */
    private static final class Part {
      final int offset;
      int rows;
      int nonFinite;
      int firstUnsortedLine;
      String lastLineWarning;
      RuntimeException failure;

      /** Where the last {@link #quickCell} read in this part stopped. */
      int quickEnd;

      /** This part's cell reader (one per thread), holding the last cell's value. */
      final NumberRules.CellReader cells = new NumberRules.CellReader();

      final NumberRules.TimeReader times = new NumberRules.TimeReader();

      /** Times without an offset (read as UTC). */
      int zonelessTimes;

      /** Per column: cells that are not numbers (columns not known only), the first's line/text. */
      final int[] textCells;

      final int[] textLine;
      final String[] textShown;

      Part(int offset, int ncols) {
        this.offset = offset;
        this.textCells = new int[ncols];
        this.textLine = new int[ncols];
        this.textShown = new String[ncols];
      }
    }

    /**
     * Whether a cell's text is a whole value: blank, or not ending where a number cannot end
     * ({@code 0.}, {@code 7e-}, {@code -}): Python writes {@code 1.0}, never {@code 1.}.
     */
    private boolean whole(int s, int e) {
      while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t' || b[e - 1] == '\r')) {
        e--;
      }
      if (e == s) {
        return true;
      }
      byte last = b[e - 1];
      return last != '.' && last != 'e' && last != 'E' && last != '-' && last != '+';
    }

    private String dropCut(int line) {
      return (shortName
          + ":"
          + line
          + ": last line is incomplete: no line break (cut while the job was writing it?);"
          + " ignored");
    }

    private String dropLast(int line) {
      return shortName + ":" + line + ": last line is incomplete (job still running?); ignored";
    }

    /** The text of cell {@code index} (0-based) of the line {@code [lineStart, end)}. */
    private String cellText(int lineStart, int end, int index) {
      int from = lineStart;
      for (int i = 0; i < index; i++) {
        from = cellEnd(from, end) + 1;
      }
      return cellShown(from, cellEnd(from, end));
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
          throw new InputFileException(
              path,
              later,
              stepIndex + 1,
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

    private ResultTable build(
        String[] header,
        int stepIndex,
        long[] steps,
        double[][] cols,
        int rows,
        byte[] kinds,
        boolean[] text) {
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
        if (c != stepIndex
            && target != null
            && !canonicalOf.containsKey(c)
            && !columnOf.containsKey(target)) {
          canonicalOf.put(c, target);
          columnOf.put(target, c);
        }
      }
      Map<String, double[]> columns = new LinkedHashMap<>();
      Map<String, String> source = new LinkedHashMap<>();
      for (String name : Canonical.NAMES) {
        Integer c = columnOf.get(name);
        if (c != null) {
          columns.put(name, trim(cols[c], rows));
          source.put(name, header[c]);
        }
      }
      double[] times = null;
      List<String> unknown = new ArrayList<>();
      for (int c = 0; c < header.length; c++) {
        if (c == stepIndex || canonicalOf.containsKey(c) || text[c]) {
          continue;
        }
        if (kinds[c] == TIME) {
          times = trim(cols[c], rows);
          continue;
        }
        if (kinds[c] == LENIENT) {
          unknown.add(header[c]);
        }
        columns.put(header[c], trim(cols[c], rows));
      }
      if (!unknown.isEmpty()) {
        warnings.add(
            shortName
                + ": column"
                + (unknown.size() == 1 ? " " : "s ")
                + String.join(", ", unknown)
                + (unknown.size() == 1 ? " is" : " are")
                + " not one openai-ft knows; kept as extra metric"
                + (unknown.size() == 1 ? "" : "s"));
      }
      StepTable table = new StepTable(trim(steps, rows), columns);
      return new ResultTable(legacy ? "legacy" : "current", table, source, warnings, times);
    }

    /**
     * The header's cells: split at commas outside double quotes (RFC 4180: a name in quotes may
     * hold commas, {@code ""} is a quote), each without the spaces and the quotes around it.
     */
    private static String[] splitHeader(String headerText) {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < headerText.length(); i++) {
        char ch = headerText.charAt(i);
        if (quoted) {
          if (ch == '"' && i + 1 < headerText.length() && headerText.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (ch == '"') {
            quoted = false;
          } else {
            cell.append(ch);
          }
        } else if (ch == '"' && cell.toString().isBlank()) {
          quoted = true;
          cell.setLength(0);
        } else if (ch == ',') {
          cells.add(cell.toString().strip());
          cell.setLength(0);
        } else {
          cell.append(ch);
        }
      }
      cells.add(cell.toString().strip());
      return cells.toArray(new String[0]);
    }

    /** The kind of each column (see {@link #STEP}). */
    private static byte[] kinds(String[] header, int stepIndex) {
      byte[] k = new byte[header.length];
      for (int c = 0; c < header.length; c++) {
        k[c] =
            c == stepIndex
                ? STEP
                : Canonical.isTimeColumn(header[c])
                    ? TIME
                    : Canonical.isKnownColumn(header[c]) ? STRICT : LENIENT;
      }
      return k;
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
            throw new InputFileException(
                path,
                1,
                i + 1,
                "missing header: the first line holds values (\""
                    + header[i]
                    + "\"), expected column names such as step,train_loss,...");
          }
        }
        throw new InputFileException(
            path, 1, 1, "missing header: no \"step\" column in the first line");
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        if (header[i].isEmpty()) {
          throw new InputFileException(path, 1, i + 1, "empty column name in the header");
        }
        Integer before = seen.put(header[i], i);
        if (before != null) {
          throw new InputFileException(
              path, 1, i + 1, "duplicate column \"" + header[i] + "\" in the header");
        }
      }
      return stepIndex;
    }

    private static boolean looksNumeric(String s) {
      NumberRules.Cell c = new NumberRules.CellReader().read(s);
      return c == NUMBER || c == NON_FINITE;
    }

    // ---------------------------------------------------------------- cells

    /**
     * Step 0 is refused rather than shifted: the service's files count from 1, and shifting would
     * put every value one step off the events and checkpoints of the same job, which are merged by
     * step.
     */
    private static final String STEP_ZERO =
        "step 0: steps count from 1 in the service's result files (shifting them would put every"
            + " value one step off the job's events and checkpoints); add 1 to each step if this"
            + " file counts from 0";

    private static final NumberRules.Cell NUMBER = NumberRules.Cell.NUMBER;
    private static final NumberRules.Cell EMPTY = NumberRules.Cell.EMPTY;
    private static final NumberRules.Cell NON_FINITE = NumberRules.Cell.NON_FINITE;
    private static final NumberRules.Cell BAD = NumberRules.Cell.BAD;

    private static final long FIFTEEN_DIGITS = 1_000_000_000_000_000L;

    private static final double[] POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
      1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /**
     * The usual cell read in the pass that finds its end: empty, or {@code [-]digits[.digits]} with
     * at most 15 significant digits, followed directly by a comma or the line's end. It returns the
     * value (NaN for an empty cell: never a number's value) and sets {@code part.quickEnd} to where
     * the cell ended (each half of a split file has its own part); anything else (spaces, quotes, a
     * sign +, an exponent, text, more digits) sets {@code part.quickEnd} to -1, and the caller
     * finds the cell's end and reads it with {@link NumberRules.CellReader}, which gives the same
     * value for the cells read here: each byte was scanned three times (line, comma, number), the
     * most costly part of reading a million-step file. It returns the value, not a status: a status
     * return with the value in a field took the 1M-row read from 100-310 ms to 260-390 ms (best of
     * 15 reads in one JVM, alternating with the previous build, 2026-12-07, load average 22); as
     * here, 320-365 ms against the previous build's 260-350 ms at load average 26.
     */
    private double quickCell(int s, int end, Part part) {
      int i = s;
      if (i == end || b[i] == ',') {
        part.quickEnd = i;
        return Double.NaN;
      }
      boolean neg = b[i] == '-';
      if (neg) {
        i++;
      }
      long mant = 0;
      int first = i;
      while (i < end) {
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        mant = mant * 10 + d;
        i++;
      }
      int scale = 0;
      int digitChars = i - first;
      if (i < end && b[i] == '.') {
        i++;
        int fraction = i;
        while (i < end) {
          int d = b[i] - '0';
          if (d < 0 || d > 9) {
            break;
          }
          mant = mant * 10 + d;
          i++;
        }
        scale = i - fraction;
        digitChars += scale;
      }
      // the cell reader's fast path takes at most 15 significant digits: with no more than 18
      // digits in all (mant cannot overflow), that is mant < 10^15
      if (digitChars == 0
          || digitChars > 18
          || mant >= FIFTEEN_DIGITS
          || scale > 22
          || (i < end && b[i] != ',')) {
        part.quickEnd = -1;
        return Double.NaN;
      }
      part.quickEnd = i;
      double v = mant / POW10[scale]; // as the cell reader: exact, one division (or none)
      return neg ? -v : v;
    }

    /**
     * Where the cell starting at {@code s} ends (its comma, or {@code end}): a cell in double
     * quotes (RFC 4180, {@code ""} for a quote inside) may hold commas; one whose quote is not
     * closed on its line runs to the line's end.
     */
    private int cellEnd(int s, int end) {
      int i = s;
      while (i < end && (b[i] == ' ' || b[i] == '\t')) {
        i++;
      }
      if (i < end && b[i] == '"') {
        i++;
        while (i < end) {
          if (b[i] == '"') {
            if (i + 1 < end && b[i + 1] == '"') {
              i += 2;
              continue;
            }
            break;
          }
          i++;
        }
      }
      return indexOf(b, (byte) ',', Math.min(i, end), end);
    }

    /** Whether the cell {@code [s, e)} holds only spaces (or {@code ""}). */
    private boolean blank(int s, int e) {
      String t = new String(b, s, e - s, UTF8).strip();
      return t.isEmpty() || t.equals("\"\"");
    }

    /**
     * The cell {@code [s, e)} as shown in messages: without the spaces and the quotes around it
     * ({@code ""} inside read as one quote), cut after 40 characters.
     */
    private String cellShown(int s, int e) {
      String t = new String(b, s, e - s, UTF8).strip();
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1).replace("\"\"", "\"");
      }
      return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    private int stripCr(int from, int eol) {
      return eol > from && b[eol - 1] == '\r' ? eol - 1 : eol;
    }
  }

  // ---------------------------------------------------------------- byte helpers

  private static int bomLength(byte[] b) {
    return b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF
        ? 3
        : 0;
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
