package dev.openaift.metrics;

import java.util.Arrays;

/**
 * The few points of the archive index's sparkline: the smoothed training loss at {@link #POINTS}
 * evenly spaced points. {@code summary.json} keeps them ({@code sparkline}), so the index is
 * rebuilt from the summaries alone.
 */
public final class Sparkline {
  /** At most this many points are kept. */
  public static final int POINTS = 60;

  /** The metric drawn. */
  public static final String METRIC = "train_loss";

  private Sparkline() {}

  /** The smoothed training loss of the analysis, downsampled; empty when there is none. */
  public static double[] of(JobAnalysis a) {
    MetricSeries s = a.series(METRIC);
    if (s == null || s.smoothed() == null) {
      return new double[0];
    }
    double[] smoothed = s.smoothed();
    int n = 0;
    for (double v : smoothed) {
      n += Double.isFinite(v) ? 1 : 0;
    }
    double[] finite = smoothed;
    if (n < smoothed.length) {
      finite = new double[n];
      int k = 0;
      for (double v : smoothed) {
        if (Double.isFinite(v)) {
          finite[k++] = v;
        }
      }
    }
    return evenly(finite, n, POINTS);
  }

  /** {@code max} evenly spaced points of the first {@code n} values, first and last included. */
  public static double[] evenly(double[] values, int n, int max) {
    if (n <= max) {
      return Arrays.copyOf(values, n);
    }
    double[] out = new double[max];
    for (int i = 0; i < max; i++) {
      out[i] = values[(int) Math.round((double) i * (n - 1) / (max - 1))];
    }
    return out;
  }
}
