package dev.openaift.prepare;

import dev.openaift.io.Echo;
import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a labelled CSV (one example per row: a text column and a label column) with commons-csv:
 * UTF-8 with or without a BOM, RFC 4180 quoting (quoted fields may hold the delimiter, doubled
 * quotes and line breaks), and the delimiter detected from the header line: comma, semicolon or
 * tab, whichever occurs most often outside quotes. Problems name the file, the line a row starts on
 * and the column.
 */
public final class LabelledCsv {
  /** One labelled example; {@code line} is the 1-based line of the file its row starts on. */
  public record Row(long line, String text, String label) {}

  /** The rows, the detected delimiter and the header. */
  public record Content(List<Row> rows, char delimiter, List<String> header) {}

  private LabelledCsv() {}

  public static Content read(Path file, String textColumn, String labelColumn) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputFileException(file, "no such file");
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    String text = decode(file, bytes);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new InputFileException(file, "the file is empty");
    }
    char delimiter = detectDelimiter(text);
    long[] lineStarts = lineStarts(text);
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setDelimiter(delimiter)
            .setHeader()
            .setSkipHeaderRecord(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .setAllowMissingColumnNames(true)
            .setIgnoreEmptyLines(true)
            .get();
    List<Row> rows = new ArrayList<>();
    List<String> header;
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      header = parser.getHeaderNames();
      Map<String, Integer> index = parser.getHeaderMap();
      int textIndex = column(file, index, header, textColumn, "--text-column");
      int labelIndex = column(file, index, header, labelColumn, "--label-column");
      for (CSVRecord r : parser) {
        long line = lineOf(lineStarts, r.getCharacterPosition());
        if (r.size() != header.size()) {
          throw new InputFileException(
              file,
              line,
              0,
              "row "
                  + r.getRecordNumber()
                  + " has "
                  + r.size()
                  + " field"
                  + (r.size() == 1 ? "" : "s")
                  + " but the header has "
                  + header.size()
                  + " (a quote not closed, or the delimiter '"
                  + printable(delimiter)
                  + "' inside an unquoted field?)");
        }
        String t = r.get(textIndex);
        String l = r.get(labelIndex).strip();
        if (t.isBlank()) {
          throw new InputFileException(
              file,
              line,
              0,
              "row " + r.getRecordNumber() + ", column '" + textColumn + "': the text is empty");
        }
        if (l.isEmpty()) {
          throw new InputFileException(
              file,
              line,
              0,
              "row " + r.getRecordNumber() + ", column '" + labelColumn + "': the label is empty");
        }
        rows.add(new Row(line, t, l));
      }
    } catch (UncheckedIOException | IOException e) {
      String message =
          e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
      throw csvError(file, message, e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw csvError(file, e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new InputFileException(file, "no rows after the header");
    }
    return new Content(List.copyOf(rows), delimiter, List.copyOf(header));
  }

  private static final Pattern CSV_DUPLICATE =
      Pattern.compile("The header contains a duplicate name: \"(.*)\" in \\[.*", Pattern.DOTALL);
  private static final Pattern CSV_AFTER_QUOTE =
      Pattern.compile(
          "Invalid character between encapsulated token and delimiter at line: (\\d+).*",
          Pattern.DOTALL);
  private static final Pattern CSV_OPEN_QUOTE =
      Pattern.compile(
          ".*\\(startline (\\d+)\\) EOF reached before encapsulated token.*", Pattern.DOTALL);

  /**
   * What commons-csv found wrong, in our words and with the line when it says one (its messages
   * name its own classes and builder methods).
   */
  static InputFileException csvError(Path file, String message, Exception cause) {
    String m = message == null ? "" : message;
    Matcher duplicate = CSV_DUPLICATE.matcher(m);
    if (duplicate.matches()) {
      return new InputFileException(
          file,
          1,
          0,
          "the column name '" + Echo.cut(duplicate.group(1)) + "' appears twice in the header",
          cause);
    }
    Matcher afterQuote = CSV_AFTER_QUOTE.matcher(m);
    if (afterQuote.matches()) {
      return new InputFileException(
          file,
          Long.parseLong(afterQuote.group(1)),
          0,
          "not valid CSV: text after the closing quote of a field (a quote inside a quoted field"
              + " is written twice: \"\")",
          cause);
    }
    Matcher openQuote = CSV_OPEN_QUOTE.matcher(m);
    if (openQuote.matches()) {
      return new InputFileException(
          file,
          Long.parseLong(openQuote.group(1)),
          0,
          "not valid CSV: a quote opened on this line is never closed",
          cause);
    }
    return new InputFileException(file, "not valid CSV", cause);
  }

  private static int column(
      Path file, Map<String, Integer> index, List<String> header, String name, String option) {
    Integer i = index.get(name);
    if (i == null) {
      for (Map.Entry<String, Integer> e : index.entrySet()) {
        if (e.getKey().strip().equalsIgnoreCase(name.strip())) {
          return e.getValue();
        }
      }
      throw new InputFileException(
          file,
          1,
          0,
          "no column '"
              + name
              + "' ("
              + option
              + ") in the header; the columns are "
              + String.join(", ", header.stream().map(h -> "'" + h + "'").toList()));
    }
    return i;
  }

  /**
   * The most frequent of comma, semicolon and tab outside quotes on the first line; comma on a tie.
   */
  static char detectDelimiter(String text) {
    int comma = 0;
    int semicolon = 0;
    int tab = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        break;
      } else if (!quoted) {
        switch (c) {
          case ',' -> comma++;
          case ';' -> semicolon++;
          case '\t' -> tab++;
          default -> {}
        }
      }
    }
    if (tab > comma && tab >= semicolon) {
      return '\t';
    }
    if (semicolon > comma) {
      return ';';
    }
    return ',';
  }

  private static String decode(Path file, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(in, out, true);
    if (result.isError()) {
      int bad = in.position();
      long line = 1;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new InputFileException(
          file, line, 0, "not UTF-8 (byte offset " + bad + "); save the file as UTF-8");
    }
    return out.flip().toString();
  }

  private static long[] lineStarts(String text) {
    long[] starts = new long[16];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, n);
  }

  private static long lineOf(long[] lineStarts, long position) {
    int i = Arrays.binarySearch(lineStarts, position);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  private static String printable(char c) {
    return c == '\t' ? "\\t" : String.valueOf(c);
  }
}
