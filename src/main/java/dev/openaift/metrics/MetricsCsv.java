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

  public static void write(JobAnalysis a, Appendable out) {
    // the value columns: the canonical seven (possibly absent), then extras
    List<MetricSeries> valueCols = new ArrayList<>();
    for (String name : Canonical.NAMES) {
      valueCols.add(a.series(name));
    }
    for (MetricSeries s : a.series()) {
      if (!Canonical.isCanonical(s.name())) {
        valueCols.add(s);
      }
    }
    List<MetricSeries> smoothedCols = a.series();
    List<MetricSeries> rollingCols = new ArrayList<>();
    for (String name : List.of(Canonical.VALID_LOSS, Canonical.VALID_ACCURACY)) {
      if (a.series(name) != null) {
        rollingCols.add(a.series(name));
      }
    }
    long[] steps = unionOfSteps(a.series());
    List<MetricSeries> all = a.series();
    int[] cursor = new int[all.size()];
    int[] at = new int[all.size()];
    int[] valueIdx = valueCols.stream().mapToInt(x -> x == null ? -1 : all.indexOf(x)).toArray();
    int[] rollingIdx = rollingCols.stream().mapToInt(all::indexOf).toArray();

    StringBuilder b = new StringBuilder(FLUSH_AT + 1024);
    List<String> header = header(a);
    for (int i = 0; i < header.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(csvName(header.get(i)));
    }
    b.append('\n');
    for (long step : steps) {
      for (int i = 0; i < all.size(); i++) {
        long[] s = all.get(i).steps();
        while (cursor[i] < s.length && s[cursor[i]] < step) {
          cursor[i]++;
        }
        at[i] = cursor[i] < s.length && s[cursor[i]] == step ? cursor[i] : -1;
      }
      b.append(step);
      for (int k = 0; k < valueIdx.length; k++) {
        b.append(',');
        int i = valueIdx[k] < 0 ? -1 : at[valueIdx[k]];
        if (i >= 0) {
          NumberText.appendExact(b, all.get(valueIdx[k]).values()[i]);
        }
      }
      for (int k = 0; k < smoothedCols.size(); k++) {
        b.append(',');
        if (at[k] >= 0) {
          NumberText.appendSignificant(b, smoothedCols.get(k).smoothed()[at[k]], DERIVED_DIGITS);
        }
      }
      for (int k = 0; k < rollingIdx.length; k++) {
        MetricSeries s = all.get(rollingIdx[k]);
        int i = at[rollingIdx[k]];
        b.append(',');
        if (i >= 0) {
          NumberText.appendSignificant(b, s.rollingMean()[i], DERIVED_DIGITS);
        }
        b.append(',');
        if (i >= 0) {
          NumberText.appendSignificant(b, s.rollingStd()[i], DERIVED_DIGITS);
        }
      }
      b.append('\n');
      if (b.length() >= FLUSH_AT) {
        flush(b, out);
      }
    }
    flush(b, out);
  }

  private static void flush(StringBuilder b, Appendable out) {
    try {
      out.append(b);
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
