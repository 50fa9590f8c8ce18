package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.job.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inventory} against the sandbox; today is 2026-11-29 for both. Days left by hand:
 * gpt-4o-mini 2027-01-14 is 46 days away (1 + 1 + 31 + 13), gpt-4.1 moved to 2026-12-10 is 11 days
 * away, gpt-4.1-nano's 2026-10-23 was 37 days ago (8 + 29), sandbox-evergreen has no date.
 */
class InventoryCommandTest {
  private static LifecycleSandbox sb;
  private static String mini;
  private static String nano;
  private static String gpt41;
  private static String evergreen;
  private static String miniJob;
  @TempDir static Path dir;

  @BeforeAll
  static void trainFourModels() {
    sb = LifecycleSandbox.withShutdown("gpt-4.1", "2026-12-10", 6);
    FileInfo f = sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    miniJob = train(f, "gpt-4o-mini-2024-07-18");
    mini = sb.await(miniJob, Job::isTerminal).fineTunedModel();
    nano = sb.await(train(f, "gpt-4.1-nano-2025-04-14"), Job::isTerminal).fineTunedModel();
    gpt41 = sb.await(train(f, "gpt-4.1-2025-04-14"), Job::isTerminal).fineTunedModel();
    evergreen = sb.await(train(f, "sandbox-evergreen"), Job::isTerminal).fineTunedModel();
  }

  private static String train(FileInfo f, String model) {
    return sb.gateway
        .createJob(new JobRequest(model, f.id(), null, "inv", 3L, Map.of("n_epochs", 1)))
        .id();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @Test
  void aTableSoonestFirstWithThePlatformDateAbove() throws Exception {
    Path reports = dir.resolve("reports");
    Files.createDirectories(reports.resolve(miniJob));
    Files.writeString(reports.resolve(miniJob).resolve("job.json"), "{}", StandardCharsets.UTF_8);
    CliRun r = sb.run("inventory", "--reports-dir", reports.toString());
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    // 2026-11-29 -> 2027-01-06: 2 + 31 + 5 = 38 days
    assertEquals("new fine-tuning jobs stop on 2027-01-06 (38 days)", lines.get(0));
    assertTrue(
        lines.get(1).startsWith("MODEL") && lines.get(1).contains("DAYS LEFT"), lines.get(1));
    // each model, then its checkpoint (the same date, from its base model)
    List<String> order = lines.subList(2, 10).stream().map(l -> l.split(" +")[0]).toList();
    assertEquals(
        List.of(
            nano,
            nano + ":ckpt-step-10",
            gpt41,
            gpt41 + ":ckpt-step-10",
            mini,
            mini + ":ckpt-step-10",
            evergreen,
            evergreen + ":ckpt-step-10"),
        order,
        r.out());
    assertTrue(
        lines
            .get(2)
            .matches(".* model +gpt-4.1-nano-2025-04-14 .*2026-10-23 +-37 +models api +no +- +-$"),
        lines.get(2));
    assertTrue(
        lines.get(3).matches(".* checkpoint .*2026-10-23 +-37 +base model +no +- +-$"),
        lines.get(3));
    assertTrue(lines.get(4).matches(".*2026-12-10 +11 +models api +no +- +-$"), lines.get(4));
    assertTrue(
        lines.get(6).matches(".*2027-01-14 +46 +models api +not verified +- +-$"), lines.get(6));
    assertTrue(
        lines.get(7).matches(".*2027-01-14 +46 +base model +not verified +- +-$"), lines.get(7));
    assertTrue(lines.get(8).matches(".*- +- +none +no +- +-$"), lines.get(8));
    assertTrue(
        lines.get(10).startsWith("retirement dates: built-in table as of 2026-11-29"),
        lines.get(10));
    assertFalse(r.out().contains("\u001b["), "no colour off a terminal");
    assertEquals("", r.err());
  }

  @Test
  void onATerminalRowsWithin30DaysAreMarked() {
    CliRun r = sb.run(true, "", "inventory", "--reports-dir", dir.resolve("none").toString());
    assertEquals(0, r.code(), r.toString());
    List<String> marked = r.out().lines().filter(l -> l.startsWith("\u001b[1;31m")).toList();
    assertEquals(4, marked.size(), r.out());
    assertTrue(marked.get(0).contains(nano) && marked.get(2).contains(gpt41), r.out());
    assertTrue(marked.stream().allMatch(l -> l.endsWith("\u001b[0m")));
  }

  @Test
  void jsonForScriptsWithCheckpointsTheTableOverrideAndBaseModelsWithAll() throws Exception {
    Path dates = dir.resolve("dates.json");
    Files.writeString(
        dates,
        "{\"as_of\":\"2026-12-01\",\"new_jobs_stop\":\"2026-11-20\",\"models\":{}}",
        StandardCharsets.UTF_8);
    CliRun r =
        sb.run(
            "inventory",
            "--json",
            "--all",
            "--retirement-dates",
            dates.toString(),
            "--reports-dir",
            dir.resolve("none").toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode root = r.json();
    assertEquals("2026-11-29", root.path("today").asText());
    assertEquals(
        -9, root.path("new_jobs_stop").path("days_left").asInt(), "a platform date in the past");
    assertEquals("2026-12-01", root.path("retirement_dates").path("as_of").asText());
    long checkpoints = 0;
    long bases = 0;
    long previous = Long.MIN_VALUE;
    for (JsonNode m : root.path("models")) {
      if (m.path("kind").asText().equals("base")) {
        bases++;
        assertTrue(
            List.of("models api", "none").contains(m.path("date_source").asText()), m.toString());
      }
      long days = m.path("days_left").isNull() ? Long.MAX_VALUE : m.path("days_left").asLong();
      assertTrue(days >= previous, "sorted soonest first");
      previous = days;
      if (m.path("kind").asText().equals("checkpoint")) {
        checkpoints++;
        assertTrue(m.path("model").asText().contains(":ckpt-step-"));
        assertEquals(m.path("base_model").asText(), m.path("model").asText().split(":")[1]);
      }
    }
    assertEquals(4, checkpoints, "one checkpoint per 1-epoch job");
    assertEquals(8, bases, "--all: the sandbox's 8 base models too");
    assertEquals("gpt-4.1-nano-2025-04-14", root.path("models").get(2).path("model").asText());
    assertEquals(-37, root.path("models").get(2).path("days_left").asInt());
  }

  @Test
  void aMissingDatesFileIsExit5() {
    CliRun r = sb.run("inventory", "--retirement-dates", dir.resolve("nope.json").toString());
    assertEquals(5, r.code(), r.toString());
    assertTrue(
        r.err().contains("nope.json") && r.err().contains("no such retirement-dates file"),
        r.err());
  }
}
