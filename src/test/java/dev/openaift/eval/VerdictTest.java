package dev.openaift.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Verdicts and their bounds against values computed independently in Python 3.11 (as {@link
 * PairedTest}'s): java.util.Random's documented LCG and nextInt(bound) re-implemented, the same
 * paired resampling, linear percentiles at 5 and 95; PASS when the 5th percentile of candidate -
 * reference is above -M, FAIL when the 95th is below -M; examples to settle = ceil(n * (spread /
 * |difference + M|)^2) with spread the distance from the difference to the bound on the margin's
 * side, at least n + 1.
 */
class VerdictTest {
  // PairedTest's scores: the candidate is a, the reference b (a is 0.106 behind)
  private static final double[] A = {
    0.12, 0.87, 0.33, 0.5, 0.91, 0.05, 0.64, 0.29, 0.77, 0.41, 0.58, 0.19, 0.95
  };
  private static final double[] B = {
    0.31, 0.8, 0.62, 0.57, 0.99, 0.21, 0.6, 0.44, 0.9, 0.35, 0.73, 0.5, 0.97
  };

  private static Verdict verdict(double margin) {
    return Verdict.of("cand", "ref", Metric.TOKEN_F1, margin, Paired.bootstrap(B, A, 2000, 7));
  }

  @Test
  void boundsAreTheFifthAndNinetyFifthPercentilesOfTheSameResamples() {
    Paired.Difference d = Paired.bootstrap(A, B, 2000, 7);
    assertEquals(0.050769230769230775, d.lowerBound(), 1e-12);
    assertEquals(0.16384615384615384, d.upperBound(), 1e-12);
    assertEquals(0.041519230769230774, d.ciLow(), 1e-12, "the two-sided interval is unchanged");
    Verdict v = verdict(0.2);
    assertEquals(-0.10615384615384604, v.difference(), 1e-12);
    assertEquals(-0.16384615384615384, v.lowerBound(), 1e-12);
    assertEquals(-0.050769230769230775, v.upperBound(), 1e-12);
    assertEquals(13, v.n());
    assertEquals(2000, v.resamples());
  }

  @Test
  void verdictsAtEachMarginMatchTheIndependentComputation() {
    assertEquals(Verdict.Outcome.FAIL, verdict(0.0).outcome());
    assertEquals(Verdict.Outcome.FAIL, verdict(0.05).outcome());
    assertNull(verdict(0.05).examplesToSettle(), "settled: no estimate");
    assertEquals(Verdict.Outcome.INCONCLUSIVE, verdict(0.1).outcome());
    assertEquals(1054, verdict(0.1).examplesToSettle());
    assertEquals(Verdict.Outcome.INCONCLUSIVE, verdict(0.15).outcome());
    assertEquals(23, verdict(0.15).examplesToSettle());
    assertEquals(Verdict.Outcome.PASS, verdict(0.2).outcome());
    assertNull(verdict(0.2).examplesToSettle());
    assertEquals(Verdict.Outcome.PASS, verdict(0.3).outcome());
  }

  @Test
  void yesNoScoresMatchTheIndependentComputation() {
    double[] ref = {1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1};
    double[] cand = {1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1};
    Paired.Difference d = Paired.bootstrap(ref, cand, 1000, 3);
    assertEquals(-0.25, d.lowerBound(), 1e-12);
    assertEquals(0.05, d.upperBound(), 1e-12);
    int[] settle = {45, 180, 1126, 46};
    double[] margins = {0.0, 0.05, 0.12, 0.2};
    for (int i = 0; i < margins.length; i++) {
      Verdict v = Verdict.of("c", "r", Metric.EXACT, margins[i], d);
      assertEquals(Verdict.Outcome.INCONCLUSIVE, v.outcome(), "margin " + margins[i]);
      assertEquals(settle[i], v.examplesToSettle(), "margin " + margins[i]);
    }
    assertEquals(Verdict.Outcome.PASS, Verdict.of("c", "r", Metric.EXACT, 0.3, d).outcome());
    // the observed difference -0.1 sits on a margin of 0.1: no number of examples settles it
    assertNull(Verdict.of("c", "r", Metric.EXACT, 0.1, d).examplesToSettle());
  }

  @Test
  void aLowerIsBetterMetricIsFlipped() {
    // lower is better: the candidate's higher scores (0.106 above) are worse by 0.106
    Paired.Difference higher = Paired.bootstrap(A, B, 2000, 7);
    Verdict v = Verdict.of("c", "r", Metric.TOKEN_F1, false, 0.2, higher);
    assertEquals(-0.10615384615384604, v.difference(), 1e-12);
    assertEquals(-0.16384615384615384, v.lowerBound(), 1e-12);
    assertEquals(-0.050769230769230775, v.upperBound(), 1e-12);
    assertEquals(Verdict.Outcome.PASS, v.outcome());
    assertEquals(
        Verdict.Outcome.FAIL, Verdict.of("c", "r", Metric.TOKEN_F1, false, 0.05, higher).outcome());
    // and the same scores with higher better pass at any margin: the candidate is ahead
    assertEquals(
        Verdict.Outcome.PASS, Verdict.of("c", "r", Metric.TOKEN_F1, true, 0.0, higher).outcome());
  }

  @Test
  void noExamplesIsInconclusiveWithoutAnEstimate() {
    Paired.Difference none = Paired.bootstrap(new double[] {Double.NaN}, new double[] {1}, 100, 1);
    Verdict v = Verdict.of("c", "r", Metric.EXACT, 0.05, none);
    assertEquals(Verdict.Outcome.INCONCLUSIVE, v.outcome());
    assertNull(v.examplesToSettle());
    assertEquals(0, v.n());
    assertThrows(IllegalArgumentException.class, () -> verdict(-0.01));
    assertEquals(Verdict.FailOn.INCONCLUSIVE, Verdict.FailOn.parse(" Inconclusive "));
    assertEquals(true, Verdict.FailOn.INCONCLUSIVE.fails(Verdict.Outcome.INCONCLUSIVE));
    assertEquals(false, Verdict.FailOn.FAIL.fails(Verdict.Outcome.INCONCLUSIVE));
    assertEquals(true, Verdict.FailOn.FAIL.fails(Verdict.Outcome.FAIL));
  }
}
