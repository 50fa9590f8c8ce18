package dev.openaift.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DistributionTest {
  @Test
  void nearestRankPercentilesOfOneToTwenty() {
    int[] values = new int[32];
    for (int i = 0; i < 20; i++) {
      values[i] = 20 - i; // unsorted; the tail of the array is ignored
    }
    Distribution d = Distribution.of(values, 20);
    assertEquals(20, d.count());
    assertEquals(1, d.min());
    assertEquals(1, d.p5()); // ceil(0.05 * 20) = 1st value
    assertEquals(10, d.median()); // ceil(0.5 * 20) = 10th value
    assertEquals(10.5, d.mean(), 1e-12);
    assertEquals(19, d.p95()); // ceil(0.95 * 20) = 19th value
    assertEquals(20, d.max());
    assertEquals(210, d.sum());
  }

  @Test
  void singleValueAndEmpty() {
    Distribution one = Distribution.of(new int[] {7}, 1);
    assertEquals(7, one.min());
    assertEquals(7, one.p5());
    assertEquals(7, one.median());
    assertEquals(7, one.p95());
    assertEquals(Distribution.EMPTY, Distribution.of(new int[0], 0));
  }
}
