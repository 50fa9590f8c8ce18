package dev.openaift.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code metrics.csv}: the canonical table with the smoothed columns, one row per step that
 * has any value.
 *
 * <p>Header, in this order: {@code step}; the six canonical columns {@code train_loss,
 * train_accuracy, valid_loss, valid_accuracy, full_valid_loss, full_valid_accuracy} (always, even
 * when empty); the extra series in {@link JobAnalysis#series()} order (their original names, e.g.
 * {@code training_sequence_accuracy}, {@code classification/accuracy}); {@code <name>_smoothed} for
 * every series present, in the same order (full-validation series are never smoothed, so theirs
 * repeat the values); then {@code valid_loss_rolling_mean, valid_loss_rolling_std} when {@code
 * valid_loss} exists and {@code valid_accuracy_rolling_mean, valid_accuracy_rolling_std} when
 * {@code valid_accuracy} exists. Missing values are empty cells.
 *
 * <p>Numbers are plain decimals with a dot ({@code 0.00001}, {@code 3.0}), Locale-independent:
 * measured values in the shortest plain decimal (up to nine fractional digits) that reads back as
 * exactly the same double, else the shortest decimal that does ({@link AsciiText#shortest});
 * derived values (smoothed, rolling) rounded to {@link #DERIVED_DIGITS} significant digits, more
 * than the inputs carry (5 decimals), and much cheaper to write for a million rows. pandas reads
 * every column as float64.
 *
 * <p>Written by hand rather than with commons-csv (used by {@code eval} and {@code prepare}, whose
 * free-text cells need quoting): no cell here needs quoting (numbers, and column names quoted by
 * {@link #csvName} when they must be), and the same cells through commons-csv's {@code CSVPrinter}
 * (each formatted as here, printed as a String to a buffered UTF-8 writer; byte-identical output)
 * took 3.8-4.4 s of CPU for the 1,000,000-row file against 0.5-0.8 s for this writer (5 rounds each
 * in one JVM with the launcher's flags, 2026-11-29, load average 12).
 */
public final class MetricsCsv {

  /** The suffix of a metric's smoothed column. */
  static final String SMOOTHED = "_smoothed";

  /** The suffixes of the rolling columns, and the metrics that have them. */
  static final String ROLLING_MEAN = "_rolling_mean";

  static final String ROLLING_STD = "_rolling_std";
  static final List<String> ROLLING = List.of(Canonical.VALID_LOSS, Canonical.VALID_ACCURACY);

  /** Significant digits of the smoothed and rolling columns. */
  public static final int DERIVED_DIGITS = 7;

  private static final int FLUSH_AT = 1 << 16;

  private MetricsCsv() {}

  /** The header columns for this analysis (see the class comment for the rule). */
  public static List<String> header(JobAnalysis a) {
    List<String> h = new ArrayList<>();
    h.add(Canonical.STEP);
    h.addAll(Canonical.NAMES);
    for (MetricSeries s : a.series()) {
      if (!Canonical.isCanonical(s.name())) {
        h.add(s.name());
      }
    }
    for (MetricSeries s : a.series()) {
      h.add(s.name() + SMOOTHED);
    }
    for (String name : ROLLING) {
      if (a.series(name) != null) {
        h.add(name + ROLLING_MEAN);
        h.add(name + ROLLING_STD);
      }
    }
    return h;
  }

  /** Writes the CSV to a character sink (e.g. a {@code Writer} or {@code StringBuilder}). */
  public static void write(JobAnalysis a, Appendable out) {
    write(
        a,
        new Sink() {
          @Override
          public void text(String s) throws IOException {
            out.append(s);
          }

          @Override
          public void ascii(byte[] b, int len) throws IOException {
            out.append(new String(b, 0, len, StandardCharsets.ISO_8859_1));
          }
        });
  }

  /** Writes the CSV as UTF-8 bytes; the fastest way to a file. */
  public static void write(JobAnalysis a, OutputStream out) {
    write(
        a,
        new Sink() {
          @Override
          public void text(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
          }

          @Override
          public void ascii(byte[] b, int len) throws IOException {
            out.write(b, 0, len);
          }
        });
  }

  /** Where the text goes: the header as text, the rows as ASCII bytes. */
  private interface Sink {
    void text(String s) throws IOException;

    void ascii(byte[] b, int len) throws IOException;
  }

  /**
   * The rows are formatted on the calling thread: two threads taking blocks in turn made no
   * difference beyond the noise in paired runs of a 1,000,000-step report (2026-12-07, 5 runs each,
   * load average 31: 6.00 against 7.14 s median wall, 1.96 against 1.99 s of CPU, peak RSS 250
   * against 261 MiB), where the pages are drawn on the other core meanwhile ({@code
   * ReportService}).
   */
  private static void write(JobAnalysis a, Sink out) {
    try {
      StringBuilder h = new StringBuilder();
      List<String> header = header(a);
      for (int i = 0; i < header.size(); i++) {
        h.append(i > 0 ? "," : "").append(csvName(header.get(i)));
      }
      out.text(h.append('\n').toString());
      long[] steps = unionOfSteps(a.series());
      AsciiText b = new AsciiText(FLUSH_AT + 1024);
      new Layout(a)
          .rows(steps, 0, steps.length, b, chunk -> out.ascii(chunk.array(), chunk.length()));
      out.ascii(b.array(), b.length());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Receives a full buffer; the buffer is cleared after. */
  private interface Flush {
    void accept(AsciiText chunk) throws IOException;
  }

  /** Which series feed which cells. */
  private static final class Layout {
    private final List<MetricSeries> all;
    private final int[] valueIdx;
    private final int[] rollingIdx;

    Layout(JobAnalysis a) {
      all = a.series();
      List<Integer> values = new ArrayList<>();
      for (String name : Canonical.NAMES) {
        values.add(indexOf(name));
      }
      for (int i = 0; i < all.size(); i++) {
        if (!Canonical.isCanonical(all.get(i).name())) {
          values.add(i);
        }
      }
      valueIdx = values.stream().mapToInt(Integer::intValue).toArray();
      List<Integer> rolling = new ArrayList<>();
      for (String name : List.of(Canonical.VALID_LOSS, Canonical.VALID_ACCURACY)) {
        if (indexOf(name) >= 0) {
          rolling.add(indexOf(name));
        }
      }
      rollingIdx = rolling.stream().mapToInt(Integer::intValue).toArray();
    }

    private int indexOf(String name) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).name().equals(name)) {
          return i;
        }
      }
      return -1;
    }

    /** Formats rows {@code from..to-1}, handing {@code b} to {@code flush} whenever it fills up. */
    void rows(long[] steps, int from, int to, AsciiText b, Flush flush) throws IOException {
      int k = all.size();
      // the arrays themselves, not the records' accessors, inside the loop over a million rows
      double[][] values = new double[k][];
      double[][] smoothed = new double[k][];
      double[][] rollingMean = new double[k][];
      double[][] rollingStd = new double[k][];
      for (int i = 0; i < k; i++) {
        MetricSeries s = all.get(i);
        values[i] = s.values();
        smoothed[i] = s.smoothed();
        rollingMean[i] = s.rollingMean();
        rollingStd[i] = s.rollingStd();
      }
      long[][] seriesSteps = new long[k][];
      int[] cursor = new int[k];
      int[] at = new int[k];
      for (int i = 0; i < k; i++) {
        seriesSteps[i] = all.get(i).steps();
        if (from < steps.length) {
          int c = Arrays.binarySearch(seriesSteps[i], steps[from]);
          cursor[i] = c >= 0 ? c : -c - 1;
        }
      }
      // a series on every row (the usual train_* ones share the rows' own steps array) needs no
      // cursor; the room for a whole row is made once, so the commas go in unchecked
      boolean[] everyRow = new boolean[k];
      for (int i = 0; i < k; i++) {
        everyRow[i] = seriesSteps[i] == steps;
      }
      int rowBound = (valueIdx.length + k + 2 * rollingIdx.length + 1) * AsciiText.MAX_NUMBER;
      for (int r = from; r < to; r++) {
        long step = steps[r];
        for (int i = 0; i < k; i++) {
          if (everyRow[i]) {
            at[i] = r;
            continue;
          }
          long[] s = seriesSteps[i];
          int c = cursor[i];
          while (c < s.length && s[c] < step) {
            c++;
          }
          cursor[i] = c;
          at[i] = c < s.length && s[c] == step ? c : -1;
        }
        b.reserve(rowBound);
        b.put(step);
        for (int v : valueIdx) {
          b.comma();
          if (v >= 0 && at[v] >= 0) {
            b.putExact(values[v][at[v]]);
          }
        }
        for (int i = 0; i < k; i++) {
          b.comma();
          if (at[i] >= 0) {
            b.putSignificant(smoothed[i][at[i]], DERIVED_DIGITS);
          }
        }
        for (int i : rollingIdx) {
          b.comma();
          if (at[i] >= 0) {
            b.putSignificant(rollingMean[i][at[i]], DERIVED_DIGITS);
          }
          b.comma();
          if (at[i] >= 0) {
            b.putSignificant(rollingStd[i][at[i]], DERIVED_DIGITS);
          }
        }
        b.put('\n');
        if (b.length() >= FLUSH_AT) {
          flush.accept(b);
          b.clear();
        }
      }
    }
  }

  /**
   * A column name as RFC 4180 wants it: in double quotes (a quote doubled) when it holds a comma, a
   * quote, a line feed or a carriage return (names come from files: a Trainer key may hold any of
   * them); as it is otherwise (every API name).
   */
  static String csvName(String name) {
    return name.indexOf(',') < 0
            && name.indexOf('"') < 0
            && name.indexOf('\n') < 0
            && name.indexOf('\r') < 0
        ? name
        : '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Sorted union of the series' steps, linear in the total number of points. */
  static long[] unionOfSteps(List<MetricSeries> series) {
    long[] acc = new long[0];
    for (MetricSeries s : series) {
      if (s.steps().length > acc.length) {
        acc = s.steps();
      }
    }
    for (MetricSeries s : series) {
      // series logged together share one array of steps (TrainerLog, StepTable): nothing to check
      if (s.steps() != acc && !isSubset(s.steps(), acc)) {
        acc = mergeSorted(acc, s.steps());
      }
    }
    return acc;
  }

  /**
   * True when every element of sorted {@code y} is in sorted {@code x} (the usual case: no copy).
   */
  private static boolean isSubset(long[] y, long[] x) {
    int i = 0;
    for (long v : y) {
      while (i < x.length && x[i] < v) {
        i++;
      }
      if (i == x.length || x[i] != v) {
        return false;
      }
    }
    return true;
  }

  private static long[] mergeSorted(long[] x, long[] y) {
    long[] out = new long[x.length + y.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < x.length || j < y.length) {
      long v;
      if (j >= y.length || (i < x.length && x[i] < y[j])) {
        v = x[i++];
      } else if (i >= x.length || y[j] < x[i]) {
        v = y[j++];
      } else {
        v = x[i++];
        j++;
      }
      out[n++] = v;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
