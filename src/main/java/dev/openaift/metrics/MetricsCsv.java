package dev.openaift.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code metrics.csv}: the canonical table with the smoothed columns, one row per step that has
 * any value.
 *
 * <p>Header, in this order: {@code step}; the seven canonical columns {@code train_loss,
 * train_accuracy, valid_loss, valid_accuracy, full_valid_loss, full_valid_accuracy} (always, even when
 * empty); the extra series in {@link JobAnalysis#series()} order (their original names, e.g.
 * {@code training_sequence_accuracy}, {@code classification/accuracy}); {@code <name>_smoothed} for every
 * series present, in the same order (full-validation series are never smoothed, so theirs repeat the
 * values); then {@code valid_loss_rolling_mean, valid_loss_rolling_std} when {@code valid_loss} exists
 * and {@code valid_accuracy_rolling_mean, valid_accuracy_rolling_std} when {@code valid_accuracy}
 * exists. Missing values are empty cells.
 *
 * <p>Numbers are plain decimals with a dot ({@code 0.00001}): measured values in their shortest form
 * that reads back exactly; derived values (smoothed, rolling) rounded to
 * {@link #DERIVED_DIGITS} significant digits, more than the inputs carry (5 decimals), and much
 * cheaper to write for a million rows.
 */
public final class MetricsCsv {

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
      h.add(s.name() + "_smoothed");
    }
    for (String name : List.of(Canonical.VALID_LOSS, Canonical.VALID_ACCURACY)) {
      if (a.series(name) != null) {
        h.add(name + "_rolling_mean");
        h.add(name + "_rolling_std");
      }
    }
    return h;
  }

  /**
   * Writes the CSV. Large tables (over {@link #PARALLEL_ROWS} rows) are formatted in two halves on two
   * threads; the output is the same.
   */
  public static void write(JobAnalysis a, Appendable out) {
    write(a, out, PARALLEL_ROWS);
  }

  static void write(JobAnalysis a, Appendable out, int parallelRows) {
    Layout layout = new Layout(a);
    StringBuilder b = new StringBuilder(FLUSH_AT + 1024);
    List<String> header = header(a);
    for (int i = 0; i < header.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(csvName(header.get(i)));
    }
    b.append('\n');
    long[] steps = unionOfSteps(a.series());
    int n = steps.length;
    if (n < parallelRows) {
      layout.rows(steps, 0, n, b, chunk -> flush(chunk, out));
      flush(b, out);
      return;
    }
    int mid = n / 2;
    List<String> secondHalf = new ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread helper = new Thread(() -> {
      try {
        StringBuilder c = new StringBuilder(FLUSH_AT + 1024);
        layout.rows(steps, mid, n, c, chunk -> {
          secondHalf.add(chunk.toString());
          chunk.setLength(0);
        });
        secondHalf.add(c.toString());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "metrics-csv");
    helper.setDaemon(true);
    helper.start();
    layout.rows(steps, 0, mid, b, chunk -> flush(chunk, out));
    flush(b, out);
    boolean interrupted = false;
    while (helper.isAlive()) {
      try {
        helper.join();
      } catch (InterruptedException ex) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("metrics.csv: formatting failed", failure.get());
    }
    try {
      for (String chunk : secondHalf) {
        out.append(chunk);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Rows above which the formatting is split over two threads. */
  static final int PARALLEL_ROWS = 200_000;

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
    void rows(long[] steps, int from, int to, StringBuilder b, java.util.function.Consumer<StringBuilder> flush) {
      int k = all.size();
      long[][] seriesSteps = new long[k][];
      int[] cursor = new int[k];
      int[] at = new int[k];
      for (int i = 0; i < k; i++) {
        seriesSteps[i] = all.get(i).steps();
        if (from < steps.length) {
          int c = java.util.Arrays.binarySearch(seriesSteps[i], steps[from]);
          cursor[i] = c >= 0 ? c : -c - 1;
        }
      }
      NumberText num = new NumberText();
      for (int r = from; r < to; r++) {
        long step = steps[r];
        for (int i = 0; i < k; i++) {
          long[] s = seriesSteps[i];
          while (cursor[i] < s.length && s[cursor[i]] < step) {
            cursor[i]++;
          }
          at[i] = cursor[i] < s.length && s[cursor[i]] == step ? cursor[i] : -1;
        }
        b.append(step);
        for (int v : valueIdx) {
          b.append(',');
          if (v >= 0 && at[v] >= 0) {
            num.appendExact(b, all.get(v).values()[at[v]]);
          }
        }
        for (int i = 0; i < k; i++) {
          b.append(',');
          if (at[i] >= 0) {
            num.appendSignificant(b, all.get(i).smoothed()[at[i]], DERIVED_DIGITS);
          }
        }
        for (int i : rollingIdx) {
          MetricSeries s = all.get(i);
          b.append(',');
          if (at[i] >= 0) {
            num.appendSignificant(b, s.rollingMean()[at[i]], DERIVED_DIGITS);
          }
          b.append(',');
          if (at[i] >= 0) {
            num.appendSignificant(b, s.rollingStd()[at[i]], DERIVED_DIGITS);
          }
        }
        b.append('\n');
        if (b.length() >= FLUSH_AT) {
          flush.accept(b);
        }
      }
    }
  }

  private static void flush(StringBuilder b, Appendable out) {
    try {
      if (out instanceof java.io.Writer w) {
        w.write(b.toString());
      } else {
        out.append(b);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    b.setLength(0);
  }

  /** Quotes a column name that holds a comma or a quote (never the case for API names). */
  private static String csvName(String name) {
    return name.indexOf(',') < 0 && name.indexOf('"') < 0 ? name : '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Sorted union of the series' steps, linear in the total number of points. */
  static long[] unionOfSteps(List<MetricSeries> series) {
    long[] acc = new long[0];
    for (MetricSeries s : series) {
      acc = mergeSorted(acc, s.steps());
    }
    return acc;
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
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }
}
