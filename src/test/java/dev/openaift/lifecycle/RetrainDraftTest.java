package dev.openaift.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.openaift.job.Job;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What retrain says of a job it does not re-create: where the job's grader is, or is not. */
class RetrainDraftTest {
  private static Job reinforcement(Map<String, String> others) {
    return new Job(
        "ftjob-rft",
        "succeeded",
        "o4-mini-2025-04-16",
        "ft:o4-mini-2025-04-16:org::x",
        "org-1",
        1L,
        2L,
        null,
        null,
        "file-t",
        null,
        List.of(),
        "reinforcement",
        Map.of("n_epochs", "1"),
        null,
        null,
        null,
        null,
        Map.of(),
        others);
  }

  @Test
  void aReinforcementJobIsRefusedWithWhereItsGraderIs() {
    IllegalArgumentException kept =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Retrain.draft(
                    reinforcement(
                        Map.of(
                            "method",
                            "{\"reinforcement\":{\"grader\":{\"type\":\"string_check\"}}}")),
                    "o4-mini-2025-04-16",
                    null,
                    Path.of("/archive")));
    assertEquals(
        "job ftjob-rft was trained with method reinforcement; retrain re-creates supervised and"
            + " dpo jobs only (its grader is kept in the archive's job.json, under"
            + " method.reinforcement, for a job started by hand)",
        kept.getMessage());
    IllegalArgumentException old =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Retrain.draft(
                    reinforcement(Map.of()), "o4-mini-2025-04-16", null, Path.of("/archive")));
    assertEquals(
        "job ftjob-rft was trained with method reinforcement; retrain re-creates supervised and"
            + " dpo jobs only (its archived job.json holds no grader: it was archived before"
            + " openai-ft kept whole jobs; 'openai-ft backup --jobs ftjob-rft --reports-dir"
            + " /archive' keeps it while the API still serves the job)",
        old.getMessage());
    IllegalArgumentException nullGrader =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Retrain.draft(
                    reinforcement(Map.of("method", "{\"reinforcement\":{\"grader\":null}}")),
                    "o4-mini-2025-04-16",
                    null,
                    Path.of("/archive")));
    assertEquals(old.getMessage(), nullGrader.getMessage(), "a null grader is none");
  }
}
