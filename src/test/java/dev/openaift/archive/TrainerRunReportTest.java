package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Trainer's best checkpoint as the report shows it. */
class TrainerRunReportTest {
  @Test
  void theBestMetricIsWrittenAsThePageWritesMetrics() {
    assertEquals(
        "checkpoint-40 (best_metric 0.8531)",
        TrainerRunReport.trainersBest("checkpoint-40 (best_metric 0.8530871868133545)"));
  }

  @Test
  void anythingElseStaysAsTheReaderGaveIt() {
    assertEquals("checkpoint-40", TrainerRunReport.trainersBest("checkpoint-40"));
    assertEquals(
        "checkpoint-40 (best_metric n/a)",
        TrainerRunReport.trainersBest("checkpoint-40 (best_metric n/a)"));
  }
}
