package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.Sleeper;
import dev.openaift.job.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code backup --verify} promises (issue "Where the parts meet", part 2): records are checked
 * strictly and pages rebuilt from them are not damage; recordings are in the manifest; a job that
 * could not be written is recorded and fails verification; the manifest checks itself; a plain
 * rerun repairs whatever verify flags. Each scenario as a user runs it, against the sandbox.
 */
class BackupTruthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "ab".repeat(32);

  static LifecycleSandbox sb;
  static List<String> jobs;

  @BeforeAll
  static void start() {
    sb = new LifecycleSandbox();
    String a = sb.startJob(10, Map.of("n_epochs", 1));
    String b = sb.startJob(12, Map.of("n_epochs", 1));
    jobs = List.of(a, b);
    jobs.forEach(id -> sb.await(id, Job::isTerminal));
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  static CliContext context(Clock clock) {
    Map<String, String> env = new HashMap<>(sb.env());
    env.put("OPENAI_ADMIN_KEY", LifecycleSandbox.KEY);
    return CliRun.context(env).withTime(clock, Sleeper.system());
  }

  static CliRun run(String... args) {
    return LifecycleSandbox.run(context(LifecycleSandbox.CLOCK), UserInput.of(""), args);
  }

  static CliRun backup(Path root, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "backup";
    args[1] = "--reports-dir";
    args[2] = root.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return run(args);
  }

  static CliRun verify(Path root) {
    return run("backup", "--verify", "--reports-dir", root.toString());
  }

  static JsonNode read(Path file) throws Exception {
    return JSON.readTree(file.toFile());
  }

  /** A recording as {@code record} leaves it: a header and one answer per line. */
  static Path recording(Path root, int answers) throws Exception {
    Path dir =
        root.resolve("recordings").resolve("ft_gpt-4o-mini-2024-07-18_org_x_abc").resolve(SHA);
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("header.json"), "{\"model\": \"ft:gpt-4o-mini-2024-07-18:org:x:abc\"}\n");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < answers; i++) {
      b.append("{\"index\":").append(i).append(",\"answer\":\"answer ").append(i).append("\"}\n");
    }
    Files.writeString(dir.resolve("answers.jsonl"), b);
    return dir.resolve("answers.jsonl");
  }

  @Test
  void aPageRebuiltAfterTheBackupIsNotDamage(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("archive");
    assertEquals(0, backup(root).code());
    // what report, eval or compare do to the pages: rebuild them
    Files.writeString(root.resolve("index.html"), "<!doctype html><p>rebuilt</p>\n");
    Files.writeString(
        root.resolve(jobs.get(0)).resolve("index.html"), "<!doctype html><p>rebuilt</p>\n");
    Files.delete(root.resolve(jobs.get(1)).resolve("metrics.csv"));

    CliRun v = verify(root);
    assertEquals(0, v.code(), v.toString());
    assertTrue(v.out().contains("pages: 2 rebuilt and 1 gone since the backup"), v.out());
    assertTrue(v.out().contains("verified: all "), v.out());
    assertFalse(v.out().contains("altered"), v.out());
    JsonNode status = read(root.resolve("backup-verified.json"));
    assertTrue(status.path("ok").asBoolean(), status.toString());
    assertEquals("ok", status.path("jobs").path(jobs.get(0)).asText(), status.toString());

    // a record is still a record
    Path events = root.resolve(jobs.get(0)).resolve("events.jsonl");
    Files.writeString(events, Files.readString(events).replaceFirst("\n", "\n\n"));
    v = verify(root);
    assertEquals(5, v.code(), v.toString());
    assertTrue(v.out().contains(jobs.get(0) + "/events.jsonl: altered: "), v.out());
    status = read(root.resolve("backup-verified.json"));
    assertFalse(status.path("ok").asBoolean(), status.toString());
    assertEquals("altered", status.path("jobs").path(jobs.get(0)).asText());
    assertEquals("ok", status.path("jobs").path(jobs.get(1)).asText());
  }

  @Test
  void aRecordingIsInTheManifestALostAnswerIsNoticedAndAppendedAnswersAreGrowth(@TempDir Path dir)
      throws Exception {
    Path root = dir.resolve("archive");
    Path answers = recording(root, 3);
    byte[] original = Files.readAllBytes(answers);
    assertEquals(0, backup(root).code());
    String rel = root.relativize(answers).toString().replace('\\', '/');
    assertTrue(read(root.resolve("backup.json")).path("files").has(rel), "listed as a record");
    assertTrue(
        read(root.resolve("backup.json"))
            .path("files")
            .has(rel.replace("answers.jsonl", "header.json")));

    List<String> lines = Files.readAllLines(answers);
    Files.write(answers, List.of(lines.get(0), lines.get(2)));
    CliRun v = verify(root);
    assertEquals(5, v.code(), v.toString());
    assertTrue(v.out().contains(rel + ": altered: "), v.out());

    // a backup now cannot fetch it again, and must not take the damaged file as the archived one
    CliRun again = backup(root);
    assertTrue(
        again.out().contains("not fetched: " + rel + ": changed since the backup"), again.out());
    assertEquals(5, verify(root).code(), "still flagged after a backup");

    // restored, then answers appended by a resumed record: grown, not damage
    Files.write(answers, original);
    Files.writeString(
        answers,
        "{\"index\":3,\"answer\":\"answer 3\"}\n",
        java.nio.file.StandardOpenOption.APPEND);
    v = verify(root);
    assertEquals(0, v.code(), v.toString());
    assertTrue(
        v.out()
            .contains(
                "grown since the backup (appended to; the part backed up is unchanged): " + rel),
        v.out());

    // the next backup takes the grown recording
    assertEquals(0, backup(root).code());
    v = verify(root);
    assertEquals(0, v.code(), v.toString());
    assertFalse(v.out().contains("grown"), v.out());
  }

  @Test
  void anAnswerBeingAppendedWhileTheBackupReadsIsLeftForTheNextRun(@TempDir Path dir)
      throws Exception {
    Path root = dir.resolve("archive");
    Path answers = recording(root, 2);
    String whole = Files.readString(answers);
    Files.writeString(answers, whole + "{\"index\":2,\"answer\":\"fir"); // being written
    assertEquals(0, backup(root).code());
    String rel = root.relativize(answers).toString().replace('\\', '/');
    assertEquals(
        whole.length(),
        read(root.resolve("backup.json")).path("files").path(rel).path("bytes").asInt(),
        "only whole lines are listed");
    // a killed record's rerun cuts the half line back, then appends whole answers
    Files.writeString(answers, whole + "{\"index\":2,\"answer\":\"second\"}\n");
    CliRun v = verify(root);
    assertEquals(0, v.code(), v.toString());
    assertTrue(v.out().contains("grown since the backup"), v.out());
  }

  @Test
  void anEvaluationsResultsAreRecordsAndAJobFolderDeletedIsMissingUntilARerun(@TempDir Path dir)
      throws Exception {
    Path root = dir.resolve("archive");
    Path eval = Files.createDirectories(root.resolve("evals").resolve("test-1a2b3c4d"));
    Files.writeString(eval.resolve("eval.json"), "{\"comparisons\": []}\n");
    Files.writeString(eval.resolve("eval.html"), "<!doctype html>\n");
    assertEquals(0, backup(root).code());
    JsonNode manifest = read(root.resolve("backup.json"));
    assertTrue(manifest.path("files").has("evals/test-1a2b3c4d/eval.json"), manifest.toString());
    assertFalse(manifest.path("files").has("evals/test-1a2b3c4d/eval.html"));

    Files.writeString(eval.resolve("eval.json"), "{\"comparisons\": [1]}\n");
    Files.writeString(eval.resolve("eval.html"), "<!doctype html><p>again</p>\n");
    CliRun v = verify(root);
    assertEquals(5, v.code(), v.toString());
    assertTrue(v.out().contains("evals/test-1a2b3c4d/eval.json: altered: "), v.out());
    assertFalse(v.out().contains("eval.html"), v.out());
    // an evaluation made again is taken by the next backup as it is
    assertEquals(0, backup(root).code());
    assertEquals(0, verify(root).code());

    // a job's folder deleted: its records are missing, the job too, until a plain rerun
    try (var files = Files.walk(root.resolve(jobs.get(1)))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    v = verify(root);
    assertEquals(5, v.code(), v.toString());
    assertTrue(v.out().contains("missing: " + jobs.get(1) + "/job.json"), v.out());
    assertEquals(
        "missing",
        read(root.resolve("backup-verified.json")).path("jobs").path(jobs.get(1)).asText());
    assertEquals(0, backup(root).code());
    assertEquals(0, verify(root).code());
  }

  @Test
  void aJobThatCouldNotBeWrittenIsRecordedAndVerifyFailsUntilARerunWritesIt(@TempDir Path dir)
      throws Exception {
    Path root = dir.resolve("archive");
    Path blocker = root.resolve(jobs.get(0)).resolve("results.csv");
    Files.createDirectories(blocker);
    Files.writeString(blocker.resolve("in-the-way"), "x");

    CliRun first = backup(root);
    assertEquals(5, first.code(), first.toString());
    assertTrue(first.out().contains("1 failed"), first.out());
    JsonNode manifest = read(root.resolve("backup.json"));
    assertEquals(
        "failed",
        manifest.path("jobs").path(jobs.get(0)).path("backup").asText(),
        manifest.toString());
    assertEquals("archived", manifest.path("jobs").path(jobs.get(1)).path("backup").asText());
    assertTrue(
        manifest.path("not_fetched").toString().contains("job " + jobs.get(0)),
        manifest.toString());

    CliRun v = verify(root);
    assertEquals(5, v.code(), v.toString());
    assertTrue(
        v.out().contains("job " + jobs.get(0) + ": not backed up: the last backup failed"),
        v.out());
    JsonNode status = read(root.resolve("backup-verified.json"));
    assertFalse(status.path("ok").asBoolean());
    assertEquals("failed", status.path("jobs").path(jobs.get(0)).asText());
    assertEquals("ok", status.path("jobs").path(jobs.get(1)).asText());

    // a run for the other job alone keeps the failure on record
    assertEquals(0, backup(root, "--jobs", jobs.get(1)).code());
    assertEquals(5, verify(root).code(), "the failed job is still not backed up");

    Files.delete(blocker.resolve("in-the-way"));
    Files.delete(blocker);
    CliRun rerun = backup(root);
    assertEquals(0, rerun.code(), rerun.toString());
    v = verify(root);
    assertEquals(0, v.code(), v.toString());
    assertTrue(read(root.resolve("backup-verified.json")).path("ok").asBoolean());
  }

  @Test
  void aCutOrEditedManifestIsRefusedInOneLine(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("archive");
    assertEquals(0, backup(root).code());
    Path manifest = root.resolve("backup.json");
    byte[] whole = Files.readAllBytes(manifest);

    ObjectNode emptied = (ObjectNode) JSON.readTree(whole);
    emptied.putObject("files");
    Files.writeString(manifest, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(emptied));
    CliRun v = verify(root);
    assertEquals(5, v.code(), v.toString());
    assertFalse(v.out().contains("match"), v.out());
    assertTrue(v.err().contains("backup.json: does not match its own seal"), v.err());
    assertEquals(1, v.err().lines().count(), v.err());
    assertFalse(read(root.resolve("backup-verified.json")).path("ok").asBoolean());

    Files.write(manifest, java.util.Arrays.copyOf(whole, whole.length / 2));
    v = verify(root);
    assertEquals(5, v.code(), v.toString());
    assertEquals(1, v.err().lines().count(), v.err());
    assertTrue(v.err().contains("the manifest was cut or edited"), v.err());
    assertFalse(v.err().contains("VALUE_STRING") || v.err().contains("Unexpected"), v.err());

    // a backup refuses to write over it: its entries are all that says what was flagged before,
    // and a new manifest would vouch for the files as they are now
    byte[] cut = Files.readAllBytes(manifest);
    CliRun refused = backup(root);
    assertEquals(5, refused.code(), refused.toString());
    assertEquals(1, refused.err().lines().count(), refused.err());
    assertTrue(refused.err().contains("backup.json"), refused.err());
    assertTrue(refused.err().contains("move it aside"), refused.err());
    assertArrayEquals(cut, Files.readAllBytes(manifest));
    // moved aside by the user, a backup writes a new one
    Files.move(manifest, root.resolve("backup.json.cut"));
    assertEquals(0, backup(root).code());
    assertEquals(0, verify(root).code());
  }

  @Test
  void aPlainRerunFetchesAgainWhatVerifyFlags(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("archive");
    assertEquals(0, backup(root).code());
    JsonNode manifest = read(root.resolve("backup.json"));
    String dataPath = manifest.path("data_files").elements().next().path("path").asText();
    byte[] data = Files.readAllBytes(root.resolve(dataPath));
    Files.delete(root.resolve(dataPath));
    Path events = root.resolve(jobs.get(1)).resolve("events.jsonl");
    byte[] eventBytes = Files.readAllBytes(events);
    byte[] flipped = eventBytes.clone();
    flipped[flipped.length / 2] ^= 0x01;
    Files.write(events, flipped);
    Files.delete(root.resolve(jobs.get(0)).resolve("checkpoints.json"));
    Path models = root.resolve("models.json");
    Files.writeString(models, Files.readString(models).replace("gpt-4o", "gpt-4x"));
    assertEquals(5, verify(root).code());

    CliRun rerun = backup(root);
    assertEquals(0, rerun.code(), rerun.toString());
    CliRun v = verify(root);
    assertEquals(0, v.code(), v.toString());
    assertArrayEquals(data, Files.readAllBytes(root.resolve(dataPath)));
    assertArrayEquals(eventBytes, Files.readAllBytes(events));
    assertTrue(Files.isRegularFile(root.resolve(jobs.get(0)).resolve("checkpoints.json")));
    assertFalse(Files.readString(models).contains("gpt-4x"));
  }

  @Test
  void concurrentAndSequentialRunsWriteTheSameArchive(@TempDir Path dir) throws Exception {
    Clock fixed = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    Path one = dir.resolve("one");
    Path many = dir.resolve("many");
    for (Path root : List.of(one, many)) {
      CliRun r =
          LifecycleSandbox.run(
              context(fixed),
              UserInput.of(""),
              "backup",
              "--reports-dir",
              root.toString(),
              "--concurrency",
              root == one ? "1" : "8");
      assertEquals(0, r.code(), r.toString());
    }
    assertEquals(
        Files.readString(one.resolve("backup.json")),
        Files.readString(many.resolve("backup.json")),
        "the same manifest, byte for byte");
    CliRun bad = run("backup", "--concurrency", "0", "--reports-dir", dir.resolve("x").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--concurrency: must be 1 to 32, got 0"), bad.err());
  }

  static String text(Path p) throws Exception {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}
