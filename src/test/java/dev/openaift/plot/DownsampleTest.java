package dev.openaift.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownsampleTest {

  private static double[] steps(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
    }
    return x;
  }

  private static double[] noisyDecay(int n, long seed) {
    Random r = new Random(seed);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = 2.0 * Math.exp(-i / (n / 4.0)) + 0.2 + 0.1 * r.nextGaussian();
    }
    return y;
  }

  private static void assertAscending(int[] idx) {
    for (int i = 1; i < idx.length; i++) {
      assertTrue(
          idx[i] > idx[i - 1],
          "indices ascending at "
              + i
              + ": "
              + Arrays.toString(Arrays.copyOfRange(idx, Math.max(0, i - 2), i + 1)));
    }
  }

  @Test
  void lttbKeepsFirstLastAndStaysBounded() {
    int n = 100_000;
    double[] x = steps(n);
    double[] y = noisyDecay(n, 1);
    int[] idx = Downsample.lttb(x, y, 1000);
    assertEquals(1000, idx.length);
    assertEquals(0, idx[0]);
    assertEquals(n - 1, idx[idx.length - 1]);
    assertAscending(idx);
  }

  @Test
  void lttbKeepsAnExtremeSpike() {
    int n = 50_000;
    double[] x = steps(n);
    double[] y = noisyDecay(n, 2);
    y[31_337] = 40.0;
    y[12_345] = -30.0;
    int[] idx = Downsample.lttb(x, y, 500);
    assertTrue(Arrays.stream(idx).anyMatch(i -> i == 31_337), "upward spike kept");
    assertTrue(Arrays.stream(idx).anyMatch(i -> i == 12_345), "downward spike kept");
  }

  @Test
  void lttbReturnsEverythingWhenShortAndSkipsNaN() {
    double[] x = {1, 2, 3, 4, 5};
    double[] y = {1, Double.NaN, 3, 4, 5};
    assertArrayEquals(new int[] {0, 2, 3, 4}, Downsample.lttb(x, y, 10));
    assertArrayEquals(new int[0], Downsample.lttb(new double[0], new double[0], 10));
    assertThrows(IllegalArgumentException.class, () -> Downsample.lttb(x, y, 2));
  }

  @Test
  void minMaxKeepsTheEnvelopeOfEachColumn() {
    int n = 1_000_000;
    double[] x = steps(n);
    double[] y = noisyDecay(n, 3);
    y[777_777] = 99;
    y[500] = -99;
    int[] idx = Downsample.minMax(x, y, 400);
    assertTrue(idx.length <= 802, "bounded: " + idx.length);
    assertEquals(0, idx[0]);
    assertEquals(n - 1, idx[idx.length - 1]);
    assertAscending(idx);
    double max = Arrays.stream(idx).mapToDouble(i -> y[i]).max().orElseThrow();
    double min = Arrays.stream(idx).mapToDouble(i -> y[i]).min().orElseThrow();
    assertEquals(99, max);
    assertEquals(-99, min);
  }

  @Test
  void minMaxPicksTheSamePointsAsTheRuleOverFiniteIndices() {
    // the rule written plainly over the indices of finite points; minMax walks the raw arrays
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      int n = random.nextInt(3000);
      double[] x = new double[n];
      double[] y = new double[n];
      double at = random.nextInt(5);
      for (int i = 0; i < n; i++) {
        at += random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
        x[i] = random.nextInt(50) == 0 ? Double.NaN : at;
        y[i] = random.nextInt(7) == 0 ? Double.NaN : random.nextGaussian();
      }
      int columns = 1 + random.nextInt(300);
      assertArrayEquals(
          referenceMinMax(x, y, columns),
          Downsample.minMax(x, y, columns),
          "round " + round + ", " + n + " points, " + columns + " columns");
    }
  }

  private static int[] referenceMinMax(double[] x, double[] y, int columns) {
    int[] finite =
        java.util.stream.IntStream.range(0, x.length)
            .filter(i -> Double.isFinite(x[i]) && Double.isFinite(y[i]))
            .toArray();
    int n = finite.length;
    if (n <= 2 * columns + 2) {
      return finite;
    }
    double x0 = x[finite[0]];
    double width = x[finite[n - 1]] - x0;
    java.util.List<Integer> out = new java.util.ArrayList<>();
    out.add(finite[0]);
    int i = 1;
    for (int c = 0; c < columns && i < n - 1; c++) {
      double limit = c == columns - 1 ? Double.POSITIVE_INFINITY : x0 + width * (c + 1) / columns;
      int lo = -1;
      int hi = -1;
      for (; i < n - 1 && x[finite[i]] <= limit; i++) {
        int k = finite[i];
        lo = lo < 0 || y[k] < y[lo] ? k : lo;
        hi = hi < 0 || y[k] > y[hi] ? k : hi;
      }
      if (lo >= 0) {
        out.add(Math.min(lo, hi));
        if (lo != hi) {
          out.add(Math.max(lo, hi));
        }
      }
    }
    out.add(finite[n - 1]);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void envelopeNeverNarrowsTheBand() {
    int n = 10_000;
    double[] x = steps(n);
    double[] lo = new double[n];
    double[] hi = new double[n];
    for (int i = 0; i < n; i++) {
      lo[i] = -1 - (i == 4242 ? 5 : 0);
      hi[i] = 1 + (i == 9000 ? 7 : 0);
    }
    lo[0] = Double.NaN;
    double[][] env = Downsample.envelope(x, lo, hi, 100);
    assertEquals(100, env[0].length);
    assertEquals(-6, Arrays.stream(env[1]).min().orElseThrow());
    assertEquals(8, Arrays.stream(env[2]).max().orElseThrow());
    for (int i = 1; i < 100; i++) {
      assertTrue(env[0][i] > env[0][i - 1]);
    }
  }

  /**
   * columnRanges against a plain reading of its rule: equal-width columns from the first to the
   * last x, a point on a bound in the column that ends there, empty columns left out.
   */
  private static void assertColumns(double[] x, double[] y, int columns) {
    double[][] r = Downsample.columnRanges(x, y, columns);
    double x0 = x[0];
    double width = x[x.length - 1] - x0;
    int k = 0;
    for (int c = 0; c < columns; c++) {
      double from = x0 + width * c / columns;
      double to = c == columns - 1 ? x[x.length - 1] : x0 + width * (c + 1) / columns;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < x.length; i++) {
        if ((x[i] > from || (c == 0 && x[i] == from)) && x[i] <= to) {
          lo = Math.min(lo, y[i]);
          hi = Math.max(hi, y[i]);
        }
      }
      if (lo > hi) {
        continue;
      }
      assertEquals(from, r[0][k], 0.0, "start of column " + c);
      assertEquals(to, r[1][k], 0.0, "end of column " + c);
      assertEquals(lo, r[2][k], 0.0, "lowest of column " + c);
      assertEquals(hi, r[3][k], 0.0, "highest of column " + c);
      k++;
    }
    assertEquals(k, r[0].length, "columns with a point");
  }

  @Test
  void columnRangesAreEachColumnsExtentInOnePass() {
    assertColumns(steps(10_001), noisyDecay(10_001, 7), 500);
    assertColumns(steps(200_000), noisyDecay(200_000, 8), 500);
    assertColumns(steps(777), noisyDecay(777, 9), 500);
  }

  @Test
  void columnRangesKeepUnevenStepsInPlace() {
    // 1,000 steps of 1, then 10 steps of 1,000: the sparse tail keeps its x, empty columns are left
    double[] x = new double[1_010];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i < 1_000 ? i + 1 : 1_000 + 1_000.0 * (i - 999);
      y[i] = i < 1_000 ? i % 2 : 0.5 - i / 10_000.0;
    }
    assertColumns(x, y, 100);
    double[][] r = Downsample.columnRanges(x, y, 100);
    assertEquals(1, r[0][0], 0.0);
    assertEquals(11_000, r[1][r[1].length - 1], 0.0, "the last column ends at the last x");
    assertEquals(10 + 10, r[0].length, "ten columns for the first 1,000 steps, one per tail point");
  }

  @Test
  void columnRangesSkipWhatIsNotFinite() {
    double[] x = {1, 2, 3, 4, 5, 6, Double.NaN, 8};
    double[] y = {5, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 1, 9, 3};
    // 1 .. 8 in 7 columns of width 1: points at 1, 6 and 8 (the NaN x and the infinite y skipped),
    // 6 in the column that ends there
    double[][] r = Downsample.columnRanges(x, y, 7);
    assertArrayEquals(new double[] {1, 5, 7}, r[0], 0.0);
    assertArrayEquals(new double[] {2, 6, 8}, r[1], 0.0);
    assertArrayEquals(new double[] {5, 1, 3}, r[2], 0.0);
    assertArrayEquals(new double[] {5, 1, 3}, r[3], 0.0);
    // one x: one column; nothing finite: none
    assertEquals(1, Downsample.columnRanges(new double[] {4, 4}, new double[] {1, 2}, 9)[0].length);
    assertEquals(
        0, Downsample.columnRanges(new double[] {1}, new double[] {Double.NaN}, 9)[0].length);
    assertThrows(IllegalArgumentException.class, () -> Downsample.columnRanges(x, y, 0));
  }
}
