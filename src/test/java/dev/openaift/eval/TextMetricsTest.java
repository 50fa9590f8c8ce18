package dev.openaift.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextMetricsTest {
  @Test
  void normaliseFoldsCaseSpacePunctuationAndWidth() {
    assertEquals("paris", TextMetrics.normalise("  Paris!\n"));
    assertEquals("new york city", TextMetrics.normalise("New-York,\tcity."));
    assertEquals("abc 12", TextMetrics.normalise("ＡＢＣ　１２")); // full-width letters and space (NFKC)
    assertEquals("", TextMetrics.normalise(" ... "));
    assertEquals(List.of("it", "s", "ok"), TextMetrics.tokens("It's OK"));
  }

  @Test
  void exactNormalisedAndContains() {
    assertTrue(TextMetrics.exact("Yes", "Yes"));
    assertFalse(TextMetrics.exact("Yes ", "Yes"));
    assertTrue(TextMetrics.normalisedExact(" yes.", "Yes"));
    assertFalse(TextMetrics.normalisedExact("yes indeed", "Yes"));
    assertTrue(TextMetrics.contains("I think the answer is Paris.", "paris"));
    assertFalse(TextMetrics.contains("not now", "no"), "whole tokens only");
    assertTrue(TextMetrics.contains("", ""));
    assertFalse(TextMetrics.contains("anything", ""));
  }

  @Test
  void tokenF1ByHand() {
    // answer {the, cat, sat}, reference {cat, sat, on, mat}: 2 common, P = 2/3, R = 1/2, F1 = 4/7
    assertEquals(4.0 / 7.0, TextMetrics.tokenF1("The cat sat.", "cat sat on mat"), 1e-15);
    // multisets: answer a a a b, reference a b b: common = min(3,1) + min(1,2) = 2, P = 2/4, R =
    // 2/3, F1 = 4/7
    assertEquals(4.0 / 7.0, TextMetrics.tokenF1("a a a b", "a b b"), 1e-15);
    assertEquals(1.0, TextMetrics.tokenF1("Paris", "paris!"));
    assertEquals(0.0, TextMetrics.tokenF1("London", "Paris"));
    assertEquals(1.0, TextMetrics.tokenF1("", "?"));
    assertEquals(0.0, TextMetrics.tokenF1("", "Paris"));
  }
}
