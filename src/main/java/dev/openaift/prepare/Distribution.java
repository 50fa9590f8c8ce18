package dev.openaift.prepare;

import java.util.Arrays;

/**
 * Summary of one per-example quantity. Percentiles use the nearest-rank method on the sorted values
 * (the smallest value with at least p% of the values at or below it), so they are always real
 * values.
 */
public record Distribution(
    int count, long min, long p5, long median, double mean, long p95, long max, long sum) {

  /** The summary of no values: all zero. */
  public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0.0, 0, 0, 0);

  /** Summarises the first {@code n} values of {@code values} (sorts that part of the array). */
  public static Distribution of(int[] values, int n) {
    if (n == 0) {
      return EMPTY;
    }
    Arrays.sort(values, 0, n);
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values[i];
    }
    return new Distribution(
        n,
        values[0],
        nearestRank(values, n, 5),
        nearestRank(values, n, 50),
        (double) sum / n,
        nearestRank(values, n, 95),
        values[n - 1],
        sum);
  }

  static long nearestRank(int[] sorted, int n, int percent) {
    long rank = ((long) percent * n + 99) / 100; // ceil(percent/100 * n) in integers
    return sorted[(int) Math.max(0, Math.min(n, rank) - 1)];
  }
}
