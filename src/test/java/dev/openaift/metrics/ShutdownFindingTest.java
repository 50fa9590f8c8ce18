package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.retirement.RetirementTable;
import dev.openaift.retirement.Shutdowns;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code model_shutdown} finding of the succeeded fixture (ft:gpt-4o-mini-2024-07-18, shutting
 * down 2027-01-14 by the built-in table), on days chosen by an injected clock.
 */
class ShutdownFindingTest {
  private static JobAnalysis on(String day) {
    Clock clock = Clock.fixed(Instant.parse(day + "T18:00:00Z"), ZoneOffset.UTC);
    return Analyzer.analyze(
        JobInputs.fromDirectory(Fixtures.path("jobs/succeeded")),
        AnalysisOptions.DEFAULTS.withShutdowns(new Shutdowns(RetirementTable.builtIn(), clock)));
  }

  private static List<Finding> shutdownFindings(JobAnalysis a) {
    return a.findings().stream().filter(f -> f.code().equals("model_shutdown")).toList();
  }

  @Test
  void ninetyDaysAheadOrCloserIsAWarningWithTheDateAndWhatToDo() {
    // 2026-11-29 -> 2027-01-14: 1 + 1 + 31 + 13 = 46 days
    List<Finding> f = shutdownFindings(on("2026-11-29"));
    assertEquals(1, f.size());
    assertEquals("warning", f.get(0).severity());
    assertEquals(
        "The fine-tuned model ft:gpt-4o-mini-2024-07-18:acme:support-bot:pX4rT9vB and its"
            + " checkpoints shut down on 2027-01-14, in 46 days (date from the resource). Before"
            + " then: back the job up (openai-ft report ftjob-Qk7sLmN2pX4rT9vB archives it with its"
            + " events, checkpoints and results; keep your training files) and record the model's"
            + " answers to your prompts with openai-ft record.",
        f.get(0).text());
    // 2026-10-16 -> 2027-01-14: 15 + 30 + 31 + 14 = 90 days: still reported; a day earlier is not
    assertEquals(1, shutdownFindings(on("2026-10-16")).size());
    assertTrue(shutdownFindings(on("2026-10-15")).isEmpty(), "91 days away");
  }

  @Test
  void afterTheDateItIsAnErrorAndComesFirst() {
    JobAnalysis a = on("2027-02-03");
    Finding first = a.findings().get(0);
    assertEquals("model_shutdown", first.code());
    assertEquals("error", first.severity());
    // 2027-01-14 -> 2027-02-03: 17 + 3 = 20 days
    assertTrue(
        first
            .text()
            .contains(
                "shut down on 2027-01-14 (date from the resource), 20 days ago: they no longer"
                    + " answer"),
        first.text());
    assertTrue(
        shutdownFindings(on("2027-01-14")).get(0).text().contains("shut down today, 2027-01-14"));
  }

  @Test
  void withoutShutdownsTheReportDoesNotDependOnTheDate() {
    JobAnalysis a =
        Analyzer.analyze(
            JobInputs.fromDirectory(Fixtures.path("jobs/succeeded")), AnalysisOptions.DEFAULTS);
    assertTrue(shutdownFindings(a).isEmpty());
    assertTrue(SummaryJson.write(on("2026-11-29")).contains("\"model_shutdown\""));
  }
}
