package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Large result files are parsed in two halves on two threads: the reading must be the same as one
 * pass, for good files and for every kind of bad line, wherever it falls relative to the seam.
 * Small generated files are read both ways (split forced, and never split) and compared: the table,
 * the warnings in order, or the error (file, line, column, problem).
 */
class ResultFileReaderSplitTest {

  private static final String[] HEADERS = {
    "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy",
    "train_loss,step,valid_loss",
    "step"
  };

  @Test
  void twoHalvesReadExactlyAsOnePass() {
    Random random = new Random(12);
    int errors = 0;
    int warned = 0;
    for (int round = 0; round < 4000; round++) {
      String csv = generate(random);
      for (boolean finished : new boolean[] {false, true}) {
        String one = outcome(csv, finished, Integer.MAX_VALUE);
        String two = outcome(csv, finished, 0);
        assertEquals(one, two, () -> "round with content:\n" + csv);
        errors += one.startsWith("error") ? 1 : 0;
        warned += one.contains("warning") ? 1 : 0;
      }
    }
    // the generator reaches both the errors and the warnings, not only clean files
    assertTrue(errors > 1000, "errors: " + errors);
    assertTrue(warned > 1000, "warned: " + warned);
  }

  @Test
  void aMillionByteFileIsSplitAndReadWhole() {
    StringBuilder csv = new StringBuilder("step,train_loss\n");
    int n = 0;
    while (csv.length() < 2 * ResultFileReader.SPLIT_BYTES) {
      n++;
      csv.append(n).append(',').append(n % 1000 / 1000.0).append('\n');
    }
    ResultTable t =
        ResultFileReader.read(csv.toString().getBytes(StandardCharsets.UTF_8), Path.of("r.csv"));
    assertEquals(n, t.rows());
    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, t.table().steps()[i]);
      assertEquals((i + 1) % 1000 / 1000.0, t.table().column("train_loss")[i]);
    }
    assertEquals(List.of(), t.warnings());
  }

  /** The table and warnings, or the error, as text. */
  private static String outcome(String csv, boolean finished, int splitBytes) {
    try {
      ResultTable t =
          ResultFileReader.read(
              csv.getBytes(StandardCharsets.UTF_8), Path.of("r.csv"), finished, splitBytes);
      StringBuilder s = new StringBuilder(t.format()).append(' ').append(t.sourceColumns());
      s.append("\nsteps ").append(java.util.Arrays.toString(t.table().steps()));
      for (String name : t.table().names()) {
        double[] col = t.table().column(name);
        s.append('\n').append(name).append(' ').append(java.util.Arrays.toString(col));
      }
      for (String w : t.warnings()) {
        s.append("\nwarning ").append(w);
      }
      return s.toString();
    } catch (InputFileException ex) {
      return "error " + ex.file() + ":" + ex.line() + ":" + ex.column() + " " + ex.getMessage();
    }
  }

  /** A small file with a few random defects: the kinds the reader warns about or refuses. */
  private static String generate(Random random) {
    String header = HEADERS[random.nextInt(HEADERS.length)];
    int ncols = header.split(",").length;
    int stepIndex = List.of(header.split(",")).indexOf("step");
    int rows = 1 + random.nextInt(12);
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      String[] cells = new String[ncols];
      for (int c = 0; c < ncols; c++) {
        cells[c] =
            c == stepIndex ? String.valueOf(r + 1) : String.valueOf(random.nextInt(100) / 8.0);
      }
      lines.add(String.join(",", cells));
    }
    int defects = random.nextInt(3);
    for (int d = 0; d < defects && !lines.isEmpty(); d++) {
      int at = random.nextInt(lines.size());
      String line = lines.get(at);
      String[] cells = line.split(",", -1);
      switch (random.nextInt(13)) {
        case 0 -> lines.add(at, ""); // blank line
        case 1 -> lines.add(at, " \t"); // blank line of spaces
        case 2 -> { // a step out of order
          int other = random.nextInt(lines.size());
          lines.set(at, lines.get(other));
          lines.set(other, line);
        }
        case 3 -> lines.add(random.nextInt(lines.size() + 1), line); // a duplicate step
        case 4 -> { // non-finite cell
          cells[random.nextInt(cells.length)] = random.nextBoolean() ? "nan" : "-inf";
          lines.set(at, String.join(",", cells));
        }
        case 5 -> { // non-numeric cell
          cells[random.nextInt(cells.length)] = "x1";
          lines.set(at, String.join(",", cells));
        }
        case 6 -> lines.set(at, line.substring(0, Math.max(0, line.lastIndexOf(',')))); // short
        case 7 -> lines.set(at, line + ",1"); // one cell too many
        case 8 -> { // step 0, a fractional step or a blank step
          String[] steps = {"0", "2.5", "", "-3"};
          if (stepIndex < cells.length) {
            cells[stepIndex] = steps[random.nextInt(steps.length)];
            lines.set(at, String.join(",", cells));
          }
        }
        case 9 -> lines.set(at, line + "\r"); // CRLF
        case 10 -> { // last line cut in a number
          String last = lines.get(lines.size() - 1);
          lines.set(lines.size() - 1, last.substring(0, Math.max(0, last.length() - 1)) + ".");
        }
        case 11 -> lines.add(""); // trailing blank line
        default -> { // long mantissa
          if (cells.length > 1) {
            cells[(stepIndex + 1) % cells.length] = "0.12345678901234567890";
            lines.set(at, String.join(",", cells));
          }
        }
      }
    }
    String text = header + "\n" + String.join("\n", lines);
    return random.nextInt(3) == 0 ? text : text + "\n";
  }
}
