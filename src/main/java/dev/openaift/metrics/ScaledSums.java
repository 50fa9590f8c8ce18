package dev.openaift.metrics;

import java.util.function.IntPredicate;

/**
 * Means and standard deviations of values near the largest double, where the plain sum overflows
 * ({@code 1.7e308 + 1.7e308} is infinite, so their mean came out as null): the values are scaled by
 * a power of two (exact) so the largest is below 2, summed, and scaled back. Callers sum plainly
 * first and come here only when that gave a non-finite result, so the usual series pay nothing.
 */
final class ScaledSums {
  private ScaledSums() {}

  /** The mean of {@code v[i]} for the indices {@code i < n} that {@code keep} (NaN for none). */
  static double mean(double[] v, int n, IntPredicate keep) {
    double scale = scaleFor(v, n, keep);
    double sum = 0;
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (keep.test(i) && Double.isFinite(v[i])) {
        sum += v[i] * scale;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count / scale;
  }

  /**
   * The mean and population standard deviation of {@code values[index[j]]} for {@code j} in {@code
   * [from, to)}: {@code {mean, std}}.
   */
  static double[] meanStd(double[] values, int[] index, int from, int to) {
    double max = 0;
    for (int j = from; j < to; j++) {
      max = Math.max(max, Math.abs(values[index[j]]));
    }
    double scale = scale(max);
    int k = to - from;
    double sum = 0;
    for (int j = from; j < to; j++) {
      sum += values[index[j]] * scale;
    }
    double m = sum / k;
    double sq = 0;
    for (int j = from; j < to; j++) {
      double d = values[index[j]] * scale - m;
      sq += d * d;
    }
    return new double[] {m / scale, Math.sqrt(sq / k) / scale};
  }

  private static double scaleFor(double[] v, int n, IntPredicate keep) {
    double max = 0;
    for (int i = 0; i < n; i++) {
      if (keep.test(i) && Double.isFinite(v[i])) {
        max = Math.max(max, Math.abs(v[i]));
      }
    }
    return scale(max);
  }

  /** A power of two that brings {@code max} below 2 (1 for 0 and for values already small). */
  private static double scale(double max) {
    return max < 1 ? 1 : Math.scalb(1.0, -Math.getExponent(max));
  }
}
