package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SmoothingTest {

  private static final double EPS = 1e-12;
  private static final double NaN = Double.NaN;

  @Test
  void debiasedEmaMatchesHandComputedValues() {
    // w = 0.6: last = 0.4 -> 0.4/0.4 = 1; last = 0.24 + 0.8 = 1.04 -> 1.04/0.64 = 1.625;
    // last = 0.624 + 1.2 = 1.824 -> 1.824/0.784 = 2.326530612244898
    assertArrayEquals(
        new double[] {1, 1.625, 2.326530612244898},
        Smoothing.ema(new double[] {1, 2, 3}, 0.6),
        EPS);
  }

  @Test
  void theFirstPointIsAlwaysTheRawValue() {
    assertEquals(7.5, Smoothing.ema(new double[] {7.5, 1}, 0.999)[0], EPS);
  }

  @Test
  void nonFiniteValuesAreSkippedAndComeOutAsNaN() {
    // w = 0.5: 1 -> 0.5/0.5 = 1; NaN skipped; 3 -> last = 0.25 + 1.5 = 1.75, /0.75 = 2.333...
    double[] out = Smoothing.ema(new double[] {1, NaN, 3, Double.POSITIVE_INFINITY}, 0.5);
    assertArrayEquals(new double[] {1, NaN, 7.0 / 3, NaN}, out, EPS);
  }

  @Test
  void aConstantSeriesIsReturnedUnchanged() {
    assertArrayEquals(
        new double[] {0.1, 0.1, 0.1}, Smoothing.ema(new double[] {0.1, 0.1, 0.1}, 0.9), 0);
    assertArrayEquals(new double[] {2, NaN, 2}, Smoothing.ema(new double[] {2, NaN, 2}, 0.6), 0);
  }

  @Test
  void weightZeroIsTheRawSeries() {
    assertArrayEquals(
        new double[] {3, 1, 4, 1, 5}, Smoothing.ema(new double[] {3, 1, 4, 1, 5}, 0), 0);
  }

  @Test
  void longSeriesAreTheSameBitsAsTheTextbookFormula() {
    // the debias factor is cut to 0 once 1 - w^n is exactly 1 (for speed); it must change no bit,
    // well past the point where w^n underflows (0.6^1460 is subnormal, 0.999^n never gets there)
    java.util.Random random = new java.util.Random(7);
    double[] v = new double[5000];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 13 == 5 ? NaN : random.nextDouble() * 3;
    }
    for (double w : new double[] {0.001, 0.25, 0.6, 0.9, 0.999}) {
      double[] expected = new double[v.length];
      double last = 0;
      double debias = 1;
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) {
          expected[i] = NaN;
          continue;
        }
        last = last * w + (1 - w) * v[i];
        debias *= w;
        expected[i] = last / (1 - debias);
      }
      double[] got = Smoothing.ema(v, w);
      for (int i = 0; i < v.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(expected[i]),
            Double.doubleToRawLongBits(got[i]),
            "w=" + w + " at " + i);
      }
      assertEquals(
          Double.doubleToRawLongBits(expected[4999]),
          Double.doubleToRawLongBits(Smoothing.emaAt(v, w, 4999)),
          "emaAt, w=" + w);
    }
  }

  @Test
  void emaAtIsTheSameBitsAsOnePointOfEma() {
    double[][] series = {
      {1, 2, 3},
      {1, NaN, 3, Double.POSITIVE_INFINITY, 0.25},
      {2, NaN, 2},
      {7.5},
      {NaN, 0.3, 0.1, 0.7}
    };
    for (double w : new double[] {0, 0.6, 0.999}) {
      for (double[] v : series) {
        double[] all = Smoothing.ema(v, w);
        for (int i = 0; i < v.length; i++) {
          assertEquals(
              Double.doubleToRawLongBits(all[i]),
              Double.doubleToRawLongBits(Smoothing.emaAt(v, w, i)),
              "w=" + w + " i=" + i + " of " + java.util.Arrays.toString(v));
        }
      }
    }
  }

  @Test
  void emptySeries() {
    assertEquals(0, Smoothing.ema(new double[0], 0.6).length);
  }

  @Test
  void rollingMeanAndPopulationStdOverATrailingWindow() {
    double[][] r = Smoothing.rollingMeanStd(new double[] {2, 4, 4, 4, 5}, 3);
    // windows: [2] [2,4] [2,4,4] [4,4,4] [4,4,5]
    assertArrayEquals(new double[] {2, 3, 10.0 / 3, 4, 13.0 / 3}, r[0], EPS);
    assertArrayEquals(new double[] {0, 1, Math.sqrt(8.0 / 9), 0, Math.sqrt(2.0 / 9)}, r[1], EPS);
  }

  @Test
  void rollingWindowOfTwo() {
    double[][] r = Smoothing.rollingMeanStd(new double[] {1, 2, 3, 4}, 2);
    assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5}, r[0], EPS);
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0.5}, r[1], EPS);
  }

  @Test
  void rollingSkipsNonFiniteValues() {
    double[][] r = Smoothing.rollingMeanStd(new double[] {1, NaN, 3}, 2);
    assertArrayEquals(new double[] {1, NaN, 2}, r[0], EPS);
    assertArrayEquals(new double[] {0, NaN, 1}, r[1], EPS);
  }

  @Test
  void rollingRejectsAWindowBelowOne() {
    assertThrows(
        IllegalArgumentException.class, () -> Smoothing.rollingMeanStd(new double[] {1}, 0));
  }

  @Test
  void optionsNameTheOffendingOption() {
    assertEquals(
        "--smoothing must be between 0 and 0.999, was 1.0",
        assertThrows(IllegalArgumentException.class, () -> new AnalysisOptions(1.0, 10))
            .getMessage());
    assertEquals(
        "--smoothing must be between 0 and 0.999, was NaN",
        assertThrows(IllegalArgumentException.class, () -> new AnalysisOptions(Double.NaN, 10))
            .getMessage());
    assertEquals(
        "--window must be at least 1, was 0",
        assertThrows(IllegalArgumentException.class, () -> new AnalysisOptions(0.6, 0))
            .getMessage());
    assertEquals(new AnalysisOptions(0.6, 10), AnalysisOptions.DEFAULTS);
    assertEquals(0.999, new AnalysisOptions(0.999, 1).smoothingWeight());
  }
}
