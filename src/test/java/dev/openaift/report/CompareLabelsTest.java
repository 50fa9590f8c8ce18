package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openaift.metrics.JobAnalysis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a comparison names its jobs in legends and column headings ({@link CompareRenderer#labels}).
 */
class CompareLabelsTest {
  private static Comparison.Member member(String id, JobAnalysis a) {
    return new Comparison.Member(
        id, id + "/metrics.csv", a, Map.of(), Map.of(), null, null, null, null);
  }

  @Test
  void jobsWithTheSameSuffixAreNamedByTheEndOfTheirIdsLongerWhereTheEndsAreAlike() {
    // the sample job's suffix is the same for every member: the ids' ends tell them apart
    JobAnalysis a = TestAnalyses.sample();
    assertEquals(
        List.of("…pX4rT9vB", "…0b5xYz88"),
        CompareRenderer.labels(
            List.of(member("ftjob-Qk7sLmN2pX4rT9vB", a), member("ftjob-Ov3rF1tJ0b5xYz88", a))));
    assertEquals(
        List.of("…aAbcdefgh", "…bAbcdefgh"),
        CompareRenderer.labels(
            List.of(member("ftjob-aaaaAbcdefgh", a), member("ftjob-aabbAbcdefgh", a))));
    // a job without a job record (loose files) has no suffix: ends of ids for all
    JobAnalysis bare = TestAnalyses.bare();
    assertEquals(
        List.of("…pX4rT9vB", "short"),
        CompareRenderer.labels(
            List.of(member("ftjob-Qk7sLmN2pX4rT9vB", a), member("short", bare))));
  }

  @Test
  void evaluationValuesAreShownAsThePageShowsNumbersAndTimes() {
    assertEquals("0.5226", CompareRenderer.evaluationValue("0.5225832760761275"));
    assertEquals("0.75", CompareRenderer.evaluationValue("0.75"));
    assertEquals("20", CompareRenderer.evaluationValue("20"));
    assertEquals("1.235e-05", CompareRenderer.evaluationValue("0.0000123456789"));
    assertEquals(
        "2026-12-07 03:04:05 UTC",
        CompareRenderer.evaluationValue("2026-12-07T03:04:05.522583276Z"));
    assertEquals("recorded:ft-a", CompareRenderer.evaluationValue("recorded:ft-a"));
  }
}
