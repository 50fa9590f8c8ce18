package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.job.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inventory}'s readiness view on the sandbox, today 2026-11-29: gpt-4o-mini shuts down
 * 2027-01-14 (46 days), gpt-4.1 moved to 2026-12-10 (11 days), gpt-4.1-nano shut down 2026-10-23.
 * The backup's verification file and the evaluations are written by hand in their contract's shape;
 * recordings are made by {@code record}.
 */
class InventoryReadinessTest {
  private static LifecycleSandbox sb;
  private static String mini;
  private static String gpt41;
  private static String nano;
  private static String miniJob;
  private static String gpt41Job;
  private static String nanoJob;
  @TempDir static Path dir;
  private static Path reports;
  private static Path valid;

  @BeforeAll
  static void trainThreeModels() {
    sb = LifecycleSandbox.withShutdown("gpt-4.1", "2026-12-10", 8);
    FileInfo train = sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    FileInfo v = sb.upload("valid.jsonl", LifecycleSandbox.examples(5));
    miniJob = train(train, v, "gpt-4o-mini-2024-07-18");
    gpt41Job = train(train, v, "gpt-4.1-2025-04-14");
    nanoJob = train(train, v, "gpt-4.1-nano-2025-04-14");
    mini = sb.await(miniJob, Job::isTerminal).fineTunedModel();
    gpt41 = sb.await(gpt41Job, Job::isTerminal).fineTunedModel();
    nano = sb.await(nanoJob, Job::isTerminal).fineTunedModel();
    reports = dir.resolve("reports");
    valid = LifecycleSandbox.write(dir.resolve("valid.jsonl"), LifecycleSandbox.examples(5));
  }

  private static String train(FileInfo f, FileInfo v, String model) {
    return sb.gateway
        .createJob(new JobRequest(model, f.id(), v.id(), "rd", 3L, Map.of("n_epochs", 1)))
        .id();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  private static CliRun inventory(String... more) {
    List<String> args = new ArrayList<>(List.of("inventory", "--reports-dir", reports.toString()));
    args.addAll(List.of(more));
    return sb.run(args.toArray(String[]::new));
  }

  private static void verified(String at, String miniState, String gpt41State) throws IOException {
    Files.writeString(
        reports.resolve("backup-verified.json"),
        "{\"verified_at\": \""
            + at
            + "\", \"ok\": "
            + (miniState.equals("ok") && gpt41State.equals("ok"))
            + ", \"jobs\": {\""
            + miniJob
            + "\": \""
            + miniState
            + "\", \""
            + gpt41Job
            + "\": \""
            + gpt41State
            + "\", \""
            + nanoJob
            + "\": \"ok\"}}",
        StandardCharsets.UTF_8);
  }

  private static void evaluation(String folder, String created, String reference, String... pairs)
      throws IOException {
    StringBuilder verdicts = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 3) {
      verdicts
          .append(verdicts.isEmpty() ? "" : ",")
          .append("{\"candidate\": \"")
          .append(pairs[i])
          .append("\", \"reference\": \"")
          .append(reference)
          .append("\", \"metric\": \"")
          .append(pairs[i + 1])
          .append("\", \"margin\": 0.05, \"lower_bound\": -0.02, \"upper_bound\": 0.04,")
          .append(" \"verdict\": \"")
          .append(pairs[i + 2])
          .append("\", \"examples_to_settle\": null, \"n\": 5}");
    }
    Path d = reports.resolve(folder);
    Files.createDirectories(d);
    Files.writeString(
        d.resolve("eval.json"),
        "{\"format\": \"openai-ft.eval\", \"version\": 1, \"created\": \""
            + created
            + "\", \"later_key\": {\"any\": 1}, \"verdicts\": ["
            + verdicts
            + "]}",
        StandardCharsets.UTF_8);
  }

  private static String row(CliRun r, String model) {
    return r.out()
        .lines()
        .filter(l -> l.startsWith(model + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + model + " in\n" + r.out()));
  }

  private static JsonNode model(JsonNode root, String model) {
    for (JsonNode m : root.path("models")) {
      if (m.path("model").asText().equals(model)) {
        return m;
      }
    }
    throw new AssertionError("no " + model + " in " + root);
  }

  @Test
  void fromNothingToSafeTheCheckFailsUntilEveryModelNearItsDateIsBackedUpAndRecorded()
      throws IOException {
    // 1. nothing archived: the check names the model 11 days away, not the one 46 days away
    CliRun bare = inventory("--check-within", "30");
    assertEquals(ExitCode.CHECK_FAILED.code(), bare.code(), bare.toString());
    assertEquals(6, bare.code(), "the documented code");
    assertEquals(
        "openai-ft: not ready: 1 model shuts down within 30 days without a verified backup or a"
            + " complete recording: "
            + gpt41
            + "\n",
        bare.err());
    assertTrue(
        bare.out()
            .contains(
                "Safe (a verified backup and a complete recording): 0 of 3 fine-tuned models,"
                    + " 0 of 3 checkpoints."),
        bare.out());
    List<String> lacks = bare.out().lines().filter(l -> l.contains(") lacks ")).toList();
    assertTrue(
        lacks.get(0).equals("  " + gpt41 + " (2026-12-10, 11 days) lacks a backup, a recording"),
        bare.out());
    assertTrue(lacks.get(2).startsWith("  " + mini + " (2027-01-14, 46 days) lacks"), bare.out());
    assertTrue(
        bare.out().contains("  shut down already, no longer recordable: " + nano + ", " + nano),
        bare.out());
    assertEquals(6, inventory("--check-within", "60").code());
    assertTrue(inventory("--check-within", "60").err().contains(mini));

    // 2. backed up (verified: mini ok, gpt-4.1 altered), mini recorded whole, gpt-4.1 partly
    CliRun backup = sb.run("backup", "--reports-dir", reports.toString());
    assertEquals(0, backup.code(), backup.toString());
    verified("2026-11-28T09:30:00Z", "ok", "altered");
    record(mini);
    record(gpt41, "--limit", "2");
    CliRun half = inventory("--check-within", "60");
    assertEquals(6, half.code(), half.toString());
    assertTrue(half.err().endsWith(": " + gpt41 + "\n"), half.err());
    assertTrue(
        row(half, mini).matches(".* +verified 2026-11-28 +5/5 valid\\.jsonl +-$"), row(half, mini));
    assertTrue(row(half, gpt41).matches(".* +altered +2/5 valid\\.jsonl +-$"), row(half, gpt41));
    assertTrue(
        half.out()
            .contains(
                "  "
                    + gpt41
                    + " (2026-12-10, 11 days) lacks a verified backup (the last verify says"
                    + " altered), a complete recording (2 of 5 answers)"),
        half.out());
    assertTrue(half.out().contains(": 1 of 3 fine-tuned models, 0 of 3 checkpoints."), half.out());

    // 3. a fresh verify says ok and the recording is completed: ready for the models
    verified("2026-11-29T08:00:00Z", "ok", "ok");
    record(gpt41);
    CliRun ready = inventory("--check-within", "60");
    assertEquals(0, ready.code(), ready.toString());
    assertTrue(
        ready
            .out()
            .contains(
                "Ready: every fine-tuned model that shuts down within 60 days has a verified"
                    + " backup and a complete recording."),
        ready.out());
    assertTrue(row(ready, gpt41).contains(" verified 2026-11-29 "), row(ready, gpt41));
    // the checkpoints are not recorded: held to the rule on request only
    CliRun strict = inventory("--check-within", "60", "--check-checkpoints");
    assertEquals(6, strict.code(), strict.toString());
    assertTrue(
        strict.err().contains(" 2 models shut down within 60 days")
            && strict.err().contains(gpt41 + ":ckpt-step-")
            && !strict.err().contains(nano),
        strict.err());
    CliRun plain = inventory();
    assertEquals(0, plain.code(), "without the flag it informs and exits 0");
  }

  @Test
  void theLatestVerdictOnAReplacementIsShownAndJsonCarriesEverything() throws IOException {
    Path before = reports;
    reports = dir.resolve("verdicts");
    try {
      Files.createDirectories(reports);
      // older: FAIL; newer (in a job folder): one candidate passes every metric
      evaluation(
          "evals/old", "2026-11-20T10:00:00Z", "recorded:" + mini, "cand-a", "exact", "FAIL");
      evaluation(
          miniJob + "/evals/new",
          "2026-11-27T10:00:00Z",
          "recorded:" + mini,
          "cand-a",
          "exact",
          "PASS",
          "cand-a",
          "token_f1",
          "INCONCLUSIVE",
          "cand-b",
          "exact",
          "PASS",
          "cand-b",
          "token_f1",
          "PASS");
      evaluation("outside/run1", "2026-11-25T10:00:00Z", gpt41, "local", "exact", "FAIL");
      CliRun r = inventory();
      assertEquals(0, r.code(), r.toString());
      assertTrue(row(r, mini).endsWith(" PASS cand-b"), row(r, mini));
      assertTrue(row(r, gpt41).endsWith(" FAIL local"), row(r, gpt41));

      CliRun j = inventory("--json", "--check-within", "30");
      assertEquals(6, j.code(), j.toString());
      JsonNode root = j.json();
      JsonNode m = model(root, mini);
      assertEquals("PASS", m.path("replacement").path("verdict").asText());
      assertEquals("cand-b", m.path("replacement").path("candidate").asText());
      assertEquals("2026-11-27T10:00:00Z", m.path("replacement").path("created").asText());
      assertEquals(4, m.path("replacement").path("verdicts").size());
      assertEquals(
          0.05, m.path("replacement").path("verdicts").get(0).path("margin").asDouble(), 1e-12);
      assertEquals("none", m.path("backup").path("state").asText());
      assertFalse(m.path("safe").asBoolean());
      assertEquals("a backup", m.path("missing").get(0).asText());
      assertEquals("a recording", m.path("missing").get(1).asText());
      assertEquals(0, m.path("recordings").size());
      JsonNode ready = root.path("readiness");
      assertEquals(3, ready.path("models").asInt());
      assertEquals(0, ready.path("models_safe").asInt());
      assertEquals(30, ready.path("check_within").asInt());
      assertEquals(List.of(gpt41), texts(ready.path("not_ready")));
      assertTrue(j.err().startsWith("openai-ft: not ready: 1 model"), j.err());
    } finally {
      reports = before;
    }
  }

  @Test
  void aNegativeWindowAndCheckpointsWithoutAWindowAreUsageErrors() {
    assertEquals(2, inventory("--check-within", "-1").code());
    assertEquals(2, inventory("--check-checkpoints").code());
    assertEquals(InventoryCommand.NOT_READY, ExitCode.CHECK_FAILED.code());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void record(String model, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "record", model, "--data", valid.toString(), "--reports-dir", reports.toString()));
    args.addAll(List.of(more));
    CliRun r = sb.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.toString());
  }
}
