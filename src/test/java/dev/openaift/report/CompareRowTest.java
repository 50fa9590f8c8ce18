package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rows of the side-by-side table count as settings that differ. */
class CompareRowTest {
  private static CompareRenderer.Row data(String... values) {
    return new CompareRenderer.Row("data", "training file", List.of(values), true);
  }

  @Test
  void theSameBytesUnderTwoIdsAreTheSameData() {
    assertFalse(data("file-a · sha256 6b61b0d9", "file-b · sha256 6b61b0d9").differs());
    assertTrue(data("file-a · sha256 6b61b0d9", "file-b · sha256 0000aaaa").differs());
  }

  @Test
  void withoutAHashForEveryJobTheIdsDecide() {
    assertTrue(data("file-a · sha256 6b61b0d9", "file-b").differs());
    assertFalse(data("file-a", "file-a").differs());
    assertTrue(data("file-a", Text.MISSING).differs());
  }

  @Test
  void otherRowsCompareTheirTextAndNonSettingsNeverDiffer() {
    assertTrue(new CompareRenderer.Row("job", "model", List.of("x", "y"), true).differs());
    assertFalse(new CompareRenderer.Row("job", "model", List.of("x", "x"), true).differs());
    assertFalse(new CompareRenderer.Row("results", "loss", List.of("1", "2"), false).differs());
  }
}
