package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.job.Job;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inventory} with a fine-tuned model deleted ({@code models delete}): today 2026-11-29,
 * gpt-4.1 moved to 2026-12-10 (11 days). Two gpt-4.1 models, neither backed up nor recorded; one is
 * deleted. Its own sandbox: the deletion must not change the other inventory tests' rows.
 */
class InventoryDeletedModelTest {
  private static LifecycleSandbox sb;
  private static String kept;
  private static String deleted;
  @TempDir static Path dir;

  @BeforeAll
  static void trainTwoAndDeleteOne() {
    sb = LifecycleSandbox.withShutdown("gpt-4.1", "2026-12-10", 9);
    FileInfo f = sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    kept = sb.await(train(f, "kept"), Job::isTerminal).fineTunedModel();
    deleted = sb.await(train(f, "gone"), Job::isTerminal).fineTunedModel();
    CliRun delete = sb.run("models", "delete", deleted, "--yes");
    assertEquals(0, delete.code(), delete.toString());
  }

  private static String train(FileInfo f, String suffix) {
    return sb.gateway
        .createJob(
            new JobRequest("gpt-4.1-2025-04-14", f.id(), null, suffix, 3L, Map.of("n_epochs", 1)))
        .id();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  private CliRun inventory(String... more) {
    String[] args = new String[more.length + 3];
    args[0] = "inventory";
    args[1] = "--reports-dir";
    args[2] = dir.resolve("reports").toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return sb.run(args);
  }

  @Test
  void aDeletedModelIsShownAsSuchAndLeftOutOfTheCheck() {
    CliRun r = inventory("--check-within", "30");
    assertEquals(6, r.code(), r.toString());
    // only the model that still answers: nothing can record the deleted one any more
    assertEquals(
        "openai-ft: not ready: 1 model shuts down within 30 days without a verified backup or a"
            + " complete recording: "
            + kept
            + "\n",
        r.err());
    String row =
        r.out()
            .lines()
            .filter(l -> l.startsWith(deleted + " "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(r.out()));
    assertTrue(
        row.matches("\\S+ +model \\(deleted\\) +gpt-4.1-2025-04-14 .*2026-12-10 +11 .*"), row);
    assertTrue(
        r.out().contains("  deleted (not in the models list), no longer recordable: " + deleted),
        r.out());
    assertFalse(r.out().contains("  " + deleted + " (2026-12-10"), "no 'lacks' line: " + r.out());
    assertTrue(r.out().contains("  " + kept + " (2026-12-10, 11 days) lacks "), r.out());

    CliRun j = inventory("--json", "--check-within", "30");
    assertEquals(6, j.code(), j.toString());
    JsonNode root = j.json();
    for (JsonNode m : root.path("models")) {
      if (m.path("kind").asText().equals("model")) {
        assertEquals(
            m.path("model").asText().equals(deleted), m.path("deleted").asBoolean(), "" + m);
      } else {
        assertFalse(m.path("deleted").asBoolean(), "a checkpoint is not held to it: " + m);
      }
    }
    assertEquals(1, root.path("readiness").path("not_ready").size());
    assertEquals(kept, root.path("readiness").path("not_ready").get(0).asText());
    // checkpoints keep their rule: the deleted model's checkpoint still counts when asked
    CliRun strict = inventory("--check-within", "30", "--check-checkpoints");
    assertTrue(strict.err().contains(deleted + ":ckpt-step-"), strict.err());
  }
}
