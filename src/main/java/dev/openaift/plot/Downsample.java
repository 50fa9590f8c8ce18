package dev.openaift.plot;

import java.util.Arrays;

/**
 * Picks a bounded number of points to draw from a long series, so drawing cost does not grow with
 * the number of steps. Inputs are x ascending; non-finite y values are never picked.
 */
public final class Downsample {
  private Downsample() {}

  /**
   * Largest-triangle-three-buckets: keeps the first and last point and, from each of {@code max -
   * 2} equal-count buckets in between, the point forming the largest triangle with the point kept
   * before it and the mean of the next bucket. Spikes survive because they make large triangles.
   *
   * @return ascending indices into {@code x}/{@code y}, at most {@code max} of them (all indices of
   *     finite points when there are no more than {@code max})
   */
  public static int[] lttb(double[] x, double[] y, int max) {
    if (max < 3) {
      throw new IllegalArgumentException("lttb needs max >= 3, got " + max);
    }
    int[] finite = finiteIndices(x, y);
    int n = finite.length;
    if (n <= max) {
      return finite;
    }
    int[] out = new int[max];
    int kept = 0;
    out[kept++] = finite[0];
    double bucketSize = (double) (n - 2) / (max - 2);
    int a = 0; // position in finite[] of the last kept point
    for (int b = 0; b < max - 2; b++) {
      int start = (int) Math.floor(b * bucketSize) + 1;
      int end = (int) Math.floor((b + 1) * bucketSize) + 1;
      int nextStart = end;
      int nextEnd = Math.min((int) Math.floor((b + 2) * bucketSize) + 1, n);
      double avgX = 0;
      double avgY = 0;
      int count = Math.max(nextEnd - nextStart, 0);
      if (count == 0) {
        avgX = x[finite[n - 1]];
        avgY = y[finite[n - 1]];
      } else {
        for (int i = nextStart; i < nextEnd; i++) {
          avgX += x[finite[i]];
          avgY += y[finite[i]];
        }
        avgX /= count;
        avgY /= count;
      }
      double ax = x[finite[a]];
      double ay = y[finite[a]];
      double bestArea = -1;
      int best = start;
      for (int i = start; i < end; i++) {
        double area =
            Math.abs((ax - avgX) * (y[finite[i]] - ay) - (ax - x[finite[i]]) * (avgY - ay));
        if (area > bestArea) {
          bestArea = area;
          best = i;
        }
      }
      out[kept++] = finite[best];
      a = best;
    }
    out[kept++] = finite[n - 1];
    return Arrays.copyOf(out, kept);
  }

  /**
   * Min/max per column: splits the x range into {@code columns} equal-width columns and keeps, from
   * each, the lowest and the highest point (in index order), plus the first and last point. Suits a
   * dense, noisy raw line drawn faintly: the drawn envelope is exactly the true one.
   *
   * @return ascending indices, at most {@code 2 * columns + 2}
   */
  public static int[] minMax(double[] x, double[] y, int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("minMax needs columns >= 1, got " + columns);
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
    }
    // one pass to find the ends, without an index array: a million-point line is drawn several
    // times per report, and each index array was 4 MB of garbage
    int first = -1;
    int last = -1;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        if (first < 0) {
          first = i;
        }
        last = i;
        n++;
      }
    }
    if (n <= 2 * columns + 2) {
      return finiteIndices(x, y);
    }
    double x0 = x[first];
    double width = x[last] - x0;
    int[] out = new int[2 * columns + 2];
    int kept = 0;
    out[kept++] = first;
    int i = first + 1;
    for (int c = 0; c < columns && i < last; c++) {
      double limit = c == columns - 1 ? Double.POSITIVE_INFINITY : x0 + width * (c + 1) / columns;
      int lo = -1;
      int hi = -1;
      for (; i < last; i++) {
        if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
          continue;
        }
        if (x[i] > limit) {
          break;
        }
        if (lo < 0 || y[i] < y[lo]) {
          lo = i;
        }
        if (hi < 0 || y[i] > y[hi]) {
          hi = i;
        }
      }
      if (lo >= 0) {
        out[kept++] = Math.min(lo, hi);
        if (lo != hi) {
          out[kept++] = Math.max(lo, hi);
        }
      }
    }
    out[kept++] = last;
    return Arrays.copyOf(out, kept);
  }

  /**
   * A band reduced to at most {@code columns} points: per equal-count bucket, the middle x, the
   * lowest lower edge and the highest upper edge, so the drawn band never looks narrower than the
   * data. Points where either edge is not finite are skipped.
   *
   * @return {@code {x, lower, upper}}
   */
  public static double[][] envelope(double[] x, double[] lower, double[] upper, int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("envelope needs columns >= 1, got " + columns);
    }
    int[] idx = new int[x.length];
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(lower[i]) && Double.isFinite(upper[i])) {
        idx[n++] = i;
      }
    }
    int buckets = Math.min(n, columns);
    double[][] out = {new double[buckets], new double[buckets], new double[buckets]};
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) b * n / buckets);
      int to = (int) ((long) (b + 1) * n / buckets);
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        lo = Math.min(lo, lower[idx[i]]);
        hi = Math.max(hi, upper[idx[i]]);
      }
      out[0][b] = x[idx[(from + to - 1) / 2]];
      out[1][b] = lo;
      out[2][b] = hi;
    }
    return out;
  }

  /**
   * A line's extent per column, in one pass: the x range from the first to the last finite point is
   * split into {@code columns} columns of equal width (as {@link #minMax} splits it), and each
   * column that holds a finite point gives its bounds (the first column starting at the first
   * point, the last ending at the last) and its lowest and highest finite y. Suits a line drawn as
   * the area it covers, each column's extent held across the column: a spike one point wide keeps
   * its full height, and steps logged unevenly keep their place on the x axis.
   *
   * @return {@code {from, to, lowest, highest}}, one entry per column with a finite point, in x
   *     order
   */
  public static double[][] columnRanges(double[] x, double[] y, int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("columnRanges needs columns >= 1, got " + columns);
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
    }
    // the first and the last finite point, each from its end: not a pass over every point
    int first = 0;
    while (first < x.length && !(Double.isFinite(x[first]) && Double.isFinite(y[first]))) {
      first++;
    }
    if (first == x.length) {
      return new double[4][0];
    }
    int last = x.length - 1;
    while (!(Double.isFinite(x[last]) && Double.isFinite(y[last]))) {
      last--;
    }
    double x0 = x[first];
    double width = x[last] - x0;
    int n = width > 0 ? columns : 1;
    double[][] out = {new double[n], new double[n], new double[n], new double[n]};
    int kept = 0;
    int c = -1;
    double limit = Double.NEGATIVE_INFINITY;
    // Double.isFinite written out: the loop runs cold (interpreted) through its first ~60,000
    // points, where each call costs
    for (int i = first; i <= last; i++) {
      double v = y[i];
      double at = x[i];
      if (!(Math.abs(v) <= Double.MAX_VALUE && Math.abs(at) <= Double.MAX_VALUE)) {
        continue;
      }
      if (at > limit) {
        // the column of this point (x ascending: a later column than the last one's); a point on
        // a bound is in the column that ends there, as in minMax
        int col =
            n == 1 ? 0 : (int) Math.max(0, Math.min(n - 1, Math.ceil((at - x0) / width * n) - 1));
        while (col > 0 && at <= x0 + width * col / n) {
          col--; // the division rounded up
        }
        while (col < n - 1 && at > x0 + width * (col + 1) / n) {
          col++; // the division rounded down
        }
        if (col > c) {
          c = col;
          out[0][kept] = c == 0 ? x0 : x0 + width * c / n;
          out[1][kept] = c == n - 1 ? x[last] : x0 + width * (c + 1) / n;
          out[2][kept] = v;
          out[3][kept] = v;
          kept++;
          limit = c == n - 1 ? Double.POSITIVE_INFINITY : out[1][kept - 1];
          continue;
        }
      }
      if (v < out[2][kept - 1]) {
        out[2][kept - 1] = v;
      }
      if (v > out[3][kept - 1]) {
        out[3][kept - 1] = v;
      }
    }
    if (kept < n) {
      for (int k = 0; k < 4; k++) {
        out[k] = Arrays.copyOf(out[k], kept);
      }
    }
    return out;
  }

  /** The values of {@code a} at {@code indices}. */
  public static double[] pick(double[] a, int[] indices) {
    double[] out = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = a[indices[i]];
    }
    return out;
  }

  private static int[] finiteIndices(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
    }
    int[] idx = new int[x.length];
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      idx[n] = i;
      // branch-free: the slot is kept only when both values are finite
      n += (Double.isFinite(x[i]) & Double.isFinite(y[i])) ? 1 : 0;
    }
    return n == idx.length ? idx : Arrays.copyOf(idx, n);
  }
}
