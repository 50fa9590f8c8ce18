package dev.openaift.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTest {
  /**
   * Labels neg, neu, pos plus a known label "rare" with no example (the empty class); one answer
   * ("maybe") is outside the label set, one ("Pos.") matches pos once normalised. By hand:
   *
   * <pre>
   *            neg neu pos rare other
   *   neg       1   0   0   0    1
   *   neu       0   2   1   0    0
   *   pos       1   0   2   0    0
   *   rare      0   0   0   0    0
   * </pre>
   *
   * accuracy 5/8; neg P 1/2 R 1/2 F1 2/4; neu P 2/2 R 2/3 F1 4/5; pos P 2/3 R 2/3 F1 4/6; rare
   * undefined; macro F1 (0.5 + 0.8 + 2/3) / 3; weighted F1 (2*0.5 + 3*0.8 + 3*2/3) / 8 = 0.675.
   */
  @Test
  void handComputedConfusionMatrixWithEmptyClassAndOutOfSetAnswer() {
    List<String> expected = List.of("pos", "pos", "pos", "neg", "neg", "neu", "neu", "neu");
    List<String> answers = List.of("pos", "Pos.", "neg", "neg", "maybe", "neu", "pos", "neu");
    Classification.Result r = Classification.score(expected, answers, List.of("rare", "neg"));
    assertEquals(List.of("neg", "neu", "pos", "rare"), r.labels());
    assertEquals("other", r.other());
    assertArrayEquals(new long[] {1, 0, 0, 0, 1}, r.confusion()[0]);
    assertArrayEquals(new long[] {0, 2, 1, 0, 0}, r.confusion()[1]);
    assertArrayEquals(new long[] {1, 0, 2, 0, 0}, r.confusion()[2]);
    assertArrayEquals(new long[] {0, 0, 0, 0, 0}, r.confusion()[3]);
    assertArrayEquals(new long[] {2, 2, 3, 0, 1}, r.predictedCounts());
    assertEquals(8, r.examples());
    assertEquals(5, r.correct());
    assertEquals(0.625, r.accuracy(), 1e-15);
    assertEquals(1, r.outOfSet());

    Classification.ClassScore neg = r.perClass().get(0);
    assertEquals(0.5, neg.precision(), 1e-15);
    assertEquals(0.5, neg.recall(), 1e-15);
    assertEquals(0.5, neg.f1(), 1e-15);
    Classification.ClassScore neu = r.perClass().get(1);
    assertEquals(1.0, neu.precision(), 1e-15);
    assertEquals(2.0 / 3, neu.recall(), 1e-15);
    assertEquals(0.8, neu.f1(), 1e-15);
    Classification.ClassScore pos = r.perClass().get(2);
    assertEquals(2.0 / 3, pos.precision(), 1e-15);
    assertEquals(2.0 / 3, pos.recall(), 1e-15);
    assertEquals(2.0 / 3, pos.f1(), 1e-15);
    Classification.ClassScore rare = r.perClass().get(3);
    assertEquals(0, rare.support());
    assertNull(rare.precision());
    assertNull(rare.recall());
    assertNull(rare.f1());

    assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, r.macroF1(), 1e-15);
    assertEquals(0.675, r.weightedF1(), 1e-15);
  }

  /** A class that is expected but never predicted: precision undefined, recall 0, F1 0. */
  @Test
  void neverPredictedClass() {
    Classification.Result r =
        Classification.score(List.of("a", "a", "b"), List.of("a", "a", "a"), List.of());
    Classification.ClassScore b = r.perClass().get(1);
    assertNull(b.precision());
    assertEquals(0.0, b.recall());
    assertEquals(0.0, b.f1());
    // a: tp 2, predicted 3, support 2 -> P 2/3, R 1, F1 4/5
    assertEquals(0.8, r.perClass().get(0).f1(), 1e-15);
    assertEquals(0.4, r.macroF1(), 1e-15);
    assertEquals((2 * 0.8 + 0) / 3, r.weightedF1(), 1e-15);
  }

  @Test
  void realLabelCalledOtherMovesTheOutOfSetClass() {
    Classification.Result r =
        Classification.score(List.of("other", "spam"), List.of("Other", "eggs"), List.of());
    assertEquals("(other)", r.other());
    assertArrayEquals(new long[] {1, 0, 0}, r.confusion()[0]);
    assertArrayEquals(new long[] {0, 0, 1}, r.confusion()[1]);
  }
}
