package dev.openaift.retirement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ModelEntry;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T08:00:00Z"), ZoneOffset.UTC);

  private static Job job(String id, String status, String model, String fineTuned) {
    return new Job(
        id,
        status,
        model,
        fineTuned,
        "org",
        1_700_000_000L,
        1_700_000_500L,
        null,
        null,
        "file-t",
        null,
        List.of(),
        "supervised",
        Map.of(),
        null,
        null,
        null,
        null,
        Map.of());
  }

  @Test
  void rowsFromJobsCheckpointsAndTheModelsListSoonestFirst() {
    String mini = "ft:gpt-4o-mini-2024-07-18:acme::aaa";
    String nano = "ft:gpt-4.1-nano-2025-04-14:acme::bbb";
    String own = "ft:gpt-4.1-2025-04-14:acme::ccc";
    String orphan = "ft:gpt-3.5-turbo-0125:acme::ddd";
    List<ModelEntry> models =
        List.of(
            new ModelEntry(mini, 1_700_000_600L, "acme", null),
            new ModelEntry(own, 1_700_000_700L, "acme", LocalDate.parse("2026-12-24")),
            new ModelEntry(orphan, 1_600_000_000L, "acme", null),
            new ModelEntry("gpt-4o-mini-2024-07-18", 1L, "system", LocalDate.parse("2027-01-14")));
    List<Job> jobs =
        List.of(
            job("ftjob-1", "succeeded", "gpt-4o-mini-2024-07-18", mini),
            job("ftjob-2", "succeeded", "gpt-4.1-nano-2025-04-14", nano),
            job("ftjob-3", "succeeded", "gpt-4.1-2025-04-14", own),
            job("ftjob-4", "validating_files", "gpt-4o-mini-2024-07-18", null));
    List<String> asked = new ArrayList<>();
    List<Inventory.Row> rows =
        Inventory.build(
            models,
            jobs,
            id -> {
              asked.add(id);
              return id.equals("ftjob-1")
                  ? List.of(
                      new Checkpoint(
                          "ftckpt_1", 1_700_000_400L, mini + ":ckpt-step-10", id, 10, Map.of()))
                  : List.of();
            },
            id -> id.equals("ftjob-2"),
            new Shutdowns(RetirementTable.builtIn(), CLOCK).withModels(models),
            false);

    assertEquals(
        List.of("ftjob-1", "ftjob-2", "ftjob-3"),
        asked,
        "no checkpoints asked for a job still validating");
    assertEquals(
        List.of(nano, own, mini, mini + ":ckpt-step-10", orphan),
        rows.stream().map(Inventory.Row::model).toList());
    // 2026-10-23 -> 2026-11-29: 8 + 29 = 37 days ago, from the table (nano is not in the models
    // list)
    Inventory.Row n = rows.get(0);
    assertEquals(-37L, n.shutdown().daysLeft());
    assertEquals(DateSource.RESOURCE, n.shutdown().source());
    assertTrue(n.archived());
    // a job's model the models list does not hold was deleted: it answers no more
    assertTrue(n.deleted());
    assertFalse(n.answers());
    assertFalse(rows.get(1).deleted(), "listed");
    assertTrue(rows.get(1).answers());
    // 2026-11-29 -> 2026-12-24: 25 days, the model's own date
    assertEquals(25L, rows.get(1).shutdown().daysLeft());
    assertEquals(DateSource.MODELS_API, rows.get(1).shutdown().source());
    // 2026-11-29 -> 2027-01-14: 46 days, from the base model in the list; the checkpoint too
    assertEquals(46L, rows.get(2).shutdown().daysLeft());
    assertEquals(DateSource.BASE_MODEL, rows.get(2).shutdown().source());
    assertEquals(Long.valueOf(1_700_000_600L), rows.get(2).created(), "the models list's created");
    assertEquals(Inventory.Kind.CHECKPOINT, rows.get(3).kind());
    assertEquals("ftjob-1", rows.get(3).jobId());
    assertEquals(46L, rows.get(3).shutdown().daysLeft());
    assertFalse(rows.get(3).archived());
    assertFalse(rows.get(3).deleted(), "checkpoints are not looked for in the models list");
    Inventory.Row o = rows.get(4);
    assertNull(o.jobId());
    assertNull(o.shutdown().daysLeft());
    assertEquals("gpt-3.5-turbo-0125", o.baseModel());

    List<Inventory.Row> all =
        Inventory.build(
            models,
            jobs,
            id -> List.of(),
            id -> false,
            new Shutdowns(RetirementTable.builtIn(), CLOCK).withModels(models),
            true);
    assertTrue(
        all.stream()
            .anyMatch(
                r ->
                    r.kind() == Inventory.Kind.BASE && r.model().equals("gpt-4o-mini-2024-07-18")));
  }
}
