package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.metrics.JobAnalysis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    assertFalse(data(Text.MISSING, Text.MISSING).differs(), "two unknowns are not a difference");
  }

  @Test
  void anOpenAiJobAndItsAzureRerunDifferInProviderTierAndCost() {
    // the same sample job twice (same model, settings, data): only where and how it trained differ
    JobAnalysis a = TestAnalyses.sample();
    Comparison c =
        new Comparison(
            List.of(
                new Comparison.Member(
                    "ftjob-origin",
                    "o/metrics.csv",
                    a,
                    Map.of(),
                    Map.of(),
                    "$0.03",
                    "openai",
                    "api.openai.com",
                    null),
                new Comparison.Member(
                    "ftjob-rerun",
                    "r/metrics.csv",
                    a,
                    Map.of(),
                    Map.of(),
                    null,
                    "azure",
                    "res.openai.azure.com",
                    "globalstandard")),
            Comparison.Axis.STEP,
            0.9);
    Map<String, CompareRenderer.Row> rows = new LinkedHashMap<>();
    CompareRenderer.rows(c).forEach(r -> rows.put(r.label(), r));
    assertEquals(List.of("openai", "azure"), rows.get("provider").values());
    assertEquals(List.of("api.openai.com", "res.openai.azure.com"), rows.get("API host").values());
    assertEquals(List.of(Text.MISSING, "globalstandard"), rows.get("training tier").values());
    assertEquals(
        List.of("provider", "API host", "training tier", "training cost (price table)"),
        rows.values().stream().filter(CompareRenderer.Row::differs).map(r -> r.label()).toList());
  }

  @Test
  void twoJobsOfOneProviderWithoutTiersHaveNoTierRowAndDoNotDiffer() {
    JobAnalysis a = TestAnalyses.sample();
    Comparison.Member m =
        new Comparison.Member(
            "ftjob-a", "a/metrics.csv", a, Map.of(), Map.of(), "$0.03", "openai", null, null);
    Comparison c = new Comparison(List.of(m, m), Comparison.Axis.STEP, 0.9);
    List<CompareRenderer.Row> rows = CompareRenderer.rows(c);
    assertFalse(rows.stream().anyMatch(r -> r.label().equals("training tier")));
    assertEquals(List.of(), rows.stream().filter(CompareRenderer.Row::differs).toList());
  }

  @Test
  void otherRowsCompareTheirTextAndNonSettingsNeverDiffer() {
    assertTrue(new CompareRenderer.Row("job", "model", List.of("x", "y"), true).differs());
    assertFalse(new CompareRenderer.Row("job", "model", List.of("x", "x"), true).differs());
    assertFalse(new CompareRenderer.Row("results", "loss", List.of("1", "2"), false).differs());
  }
}
