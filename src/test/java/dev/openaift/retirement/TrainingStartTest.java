package dev.openaift.retirement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ModelEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shutdown policy for starting a job, on the built-in table (new jobs stop 2027-01-06). */
class TrainingStartTest {
  private static Shutdowns on(String day, LocalDate modelShutdown) {
    Clock clock = Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC);
    return new Shutdowns(RetirementTable.builtIn(), clock)
        .withModels(List.of(new ModelEntry("base-model", 0L, "system", modelShutdown)));
  }

  @Test
  void aModelThatHasShutDownIsRefused() {
    TrainingStart s =
        TrainingStart.check(on("2026-06-01", LocalDate.parse("2026-06-01")), "base-model");
    assertTrue(
        s.refusal().startsWith("base-model shut down on 2026-06-01 (date from the "), s.refusal());
    assertTrue(s.refusal().contains("nothing was sent"), s.refusal());
    assertEquals(List.of(), s.warnings());
  }

  @Test
  void aShutdownWithinThirtyDaysWarnsAndFartherOffSaysNothing() {
    LocalDate shutdown = LocalDate.parse("2026-07-01");
    TrainingStart near = TrainingStart.check(on("2026-06-01", shutdown), "base-model");
    assertNull(near.refusal());
    assertEquals(1, near.warnings().size());
    assertTrue(
        near.warnings().get(0).startsWith("base-model shuts down on 2026-07-01 (30 days"),
        near.warnings().get(0));

    TrainingStart far = TrainingStart.check(on("2026-05-31", shutdown), "base-model");
    assertNull(far.refusal());
    assertEquals(List.of(), far.warnings(), "31 days ahead: no warning");
  }

  @Test
  void theEndOfNewJobsWarnsWithinThirtyDaysButNotOnTheDay() {
    TrainingStart before = TrainingStart.check(on("2026-12-20", null), "base-model");
    assertEquals(List.of("new fine-tuning jobs stop on 2027-01-06 (17 days)."), before.warnings());
    assertEquals(List.of(), TrainingStart.check(on("2026-11-01", null), "base-model").warnings());
    assertEquals(List.of(), TrainingStart.check(on("2027-01-06", null), "base-model").warnings());
  }
}
