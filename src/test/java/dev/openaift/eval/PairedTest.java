package dev.openaift.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Values computed independently in Python 3.11: java.util.Random's documented LCG and
 * nextInt(bound) re-implemented, the same paired resampling, numpy.percentile (linear);
 * scipy.stats.binomtest for McNemar's exact p-values.
 */
class PairedTest {
  @Test
  void bootstrapMatchesIndependentComputation() {
    double[] a = {0.12, 0.87, 0.33, 0.5, 0.91, 0.05, 0.64, 0.29, 0.77, 0.41, 0.58, 0.19, 0.95};
    double[] b = {0.31, 0.8, 0.62, 0.57, 0.99, 0.21, 0.6, 0.44, 0.9, 0.35, 0.73, 0.5, 0.97};
    Paired.Difference d = Paired.bootstrap(a, b, 2000, 7);
    assertEquals(13, d.n());
    assertEquals(0.10615384615384604, d.diff(), 1e-12);
    assertEquals(0.041519230769230774, d.ciLow(), 1e-12);
    assertEquals(0.17153846153846153, d.ciHigh(), 1e-12);
  }

  @Test
  void bootstrapPowerOfTwoSampleAndMissingScores() {
    // n = 8 takes nextInt's power-of-two path; the NaN pair is left out
    double[] a = {1, 0, 1, 1, 0, 1, 0, 0, Double.NaN};
    double[] b = {1, 1, 1, 0, 1, 1, 1, 0, 1};
    Paired.Difference d = Paired.bootstrap(a, b, 1000, 123);
    assertEquals(8, d.n());
    assertEquals(0.25, d.diff(), 1e-15);
    assertEquals(-0.25, d.ciLow(), 1e-12);
    assertEquals(0.75, d.ciHigh(), 1e-12);
    assertEquals(d, Paired.bootstrap(a, b, 1000, 123), "same seed, same interval");
  }

  @Test
  void theInlineGeneratorIsJavaUtilRandom() {
    for (int bound : new int[] {1, 2, 7, 8, 13, 100_000, 1 << 30, Integer.MAX_VALUE}) {
      java.util.Random expected = new java.util.Random(99);
      Paired.Lcg actual = new Paired.Lcg(99);
      for (int i = 0; i < 1000; i++) {
        assertEquals(
            expected.nextInt(bound), actual.nextInt(bound), "bound " + bound + ", draw " + i);
      }
    }
  }

  @Test
  void mcnemarExactAgainstScipy() {
    assertEquals(0.1796875, Paired.exactP(7, 2), 1e-15); // 2 * (1 + 9 + 36) / 512
    assertEquals(0.0028195449914364284, Paired.exactP(600, 500), 1e-13);
    assertEquals(0.0625, Paired.exactP(0, 5), 1e-15);
    assertEquals(1.0, Paired.exactP(3, 3));
    assertEquals(0.08168153394154003, Paired.exactP(40, 25), 1e-14);
    assertEquals(1.0, Paired.exactP(0, 0));
  }

  @Test
  void mcnemarCountsPairs() {
    double[] a = {1, 1, 1, 0, 0, 1, Double.NaN};
    double[] b = {1, 0, 0, 1, 0, 1, 1};
    Paired.McNemar m = Paired.mcnemar(a, b);
    assertEquals(6, m.n());
    assertEquals(2, m.bothRight());
    assertEquals(2, m.aOnly());
    assertEquals(1, m.bOnly());
    assertEquals(1, m.bothWrong());
    assertEquals(1.0, m.pValue()); // 2 * P(X <= 1), X ~ Bin(3, 1/2) = 2 * 4/8
  }

  @Test
  void usageByHand() {
    // latencies sorted 100 200 300 400 1000: p50 = 300; p95 at h = 4 * 0.95 = 3.8 -> 400 + 0.8 *
    // 600 = 880
    // tokens in 150, out 25 over 5 answers at $0.15 / $0.60 per 1M: (22.5 + 15) / 1e6 / 5 * 1000 =
    // 0.0075
    Usage u =
        Usage.of(
            new long[] {300, 100, 1000, 200, 400},
            new long[] {10, 20, 30, 40, 50},
            new long[] {5, 5, 5, 5, 5},
            new BigDecimal("0.15"),
            new BigDecimal("0.60"));
    assertEquals(300.0, u.latencyP50Ms(), 1e-12);
    assertEquals(880.0, u.latencyP95Ms(), 1e-9);
    assertEquals(150, u.promptTokens());
    assertEquals(25, u.completionTokens());
    assertEquals(0, new BigDecimal("0.0075").compareTo(u.costPer1000()));
    Usage unknown = Usage.of(new long[] {-1}, new long[] {-1}, new long[] {-1}, null, null);
    assertEquals(0, unknown.withUsage());
    assertEquals(null, unknown.costPer1000());
  }
}
