package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.Await;
import dev.openaift.archive.Archive;
import dev.openaift.archive.BackupManifest;
import dev.openaift.job.Job;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openai-ft backup} and {@code backup --verify} as a user runs them, against the sandbox.
 */
class BackupCommandTest {
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

  static CliContext context(boolean terminal, boolean admin) {
    Map<String, String> env = new HashMap<>(sb.env());
    if (admin) {
      env.put("OPENAI_ADMIN_KEY", LifecycleSandbox.KEY);
    }
    return CliRun.context(env).withTerminal(terminal);
  }

  static CliRun run(boolean terminal, boolean admin, String... args) {
    return LifecycleSandbox.run(context(terminal, admin), UserInput.of(""), args);
  }

  @Test
  void backsUpVerifiesAndCatchesAFlippedByteAndADeletedFile(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("archive");
    CliRun first = run(false, true, "backup", "--reports-dir", root.toString());
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.out().contains("2 jobs to back up"), first.out());
    assertTrue(first.out().contains("archived " + jobs.get(0) + " (succeeded"), first.out());
    assertTrue(
        first
            .out()
            .contains(
                "backup: 2 jobs (2 archived, 0 unchanged, 0 failed), 2 training/validation files"),
        first.out());
    assertTrue(first.out().contains("manifest: "), first.out());
    assertFalse(
        first.out().contains("not fetched"),
        "an admin key gets the checkpoint permissions: " + first.out());
    JsonNode permissions =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(root.resolve(jobs.get(0)).resolve("checkpoint-permissions.json").toFile());
    assertTrue(
        permissions.size() >= 1 && permissions.elements().next().path("data").isArray(),
        permissions.toString());

    CliRun ok = run(false, false, "backup", "--verify", "--reports-dir", root.toString());
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(ok.out().startsWith("verified: all "), ok.out());

    JsonNode manifest =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(root.resolve("backup.json").toFile());
    String dataPath = manifest.path("data_files").elements().next().path("path").asText();
    Path data = root.resolve(dataPath);
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(data, bytes);
    String results = jobs.get(1) + "/results.csv";
    Files.delete(root.resolve(results));

    CliRun bad = run(false, false, "backup", "--verify", "--reports-dir", root.toString());
    assertEquals(5, bad.code(), bad.toString());
    assertTrue(bad.out().contains("missing: " + results), bad.out());
    assertTrue(bad.out().contains(dataPath + ": altered: sha256 "), bad.out());
    assertTrue(bad.out().contains("2 of "), bad.out());
    assertEquals(
        2,
        bad.out().lines().count() - 1,
        "one line per damaged file, then the count: " + bad.out());

    CliRun json =
        run(false, false, "backup", "--verify", "--json", "--reports-dir", root.toString());
    assertEquals(5, json.code());
    assertEquals(2, json.json().path("damaged").size(), json.out());
  }

  @Test
  void withoutAnAdminKeyPermissionsAreNotFetchedAndSaidSo(@TempDir Path dir) {
    CliRun r =
        run(
            false,
            false,
            "backup",
            "--json",
            "--jobs",
            jobs.get(0),
            "--reports-dir",
            dir.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode summary = r.json();
    assertEquals(1, summary.path("archived").asInt());
    assertEquals(
        "checkpoint permissions",
        summary.path("not_fetched").path(0).path("what").asText(),
        r.out());
    assertTrue(
        summary.path("not_fetched").path(0).path("reason").asText().contains("OPENAI_ADMIN_KEY"),
        r.out());
  }

  @Test
  void aTerminalGetsAProgressBar(@TempDir Path dir) {
    CliRun r = run(true, true, "backup", "--reports-dir", dir.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\rjobs 2/2 [####################] 100% | 2 files | "), r.out());
    assertFalse(r.out().contains("archived ftjob"), "no plain lines on a terminal: " + r.out());
  }

  @Test
  void verifyWaitsForABackupThatIsWritingIntoTheArchive(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("archive");
    CliRun first = run(false, false, "backup", "--reports-dir", root.toString());
    assertEquals(0, first.code(), first.toString());
    Path record = root.resolve(jobs.get(0)).resolve("job.json");
    byte[] backedUp = Files.readAllBytes(record);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> verify;
      // another run's backup half way: it holds the lock and has rewritten a record, not yet the
      // manifest
      try (Archive.Lock backup = new Archive(root).lock("backup")) {
        Files.writeString(record, "{\"id\": \"being rewritten\"}", StandardCharsets.UTF_8);
        verify =
            pool.submit(
                () ->
                    OpenAiFtCommand.run(
                        new PrintWriter(out),
                        new PrintWriter(err),
                        context(false, false),
                        UserInput.of(""),
                        "backup",
                        "--verify",
                        "--reports-dir",
                        root.toString()));
        Await.until(
            "verify to wait for the backup (or end)",
            Duration.ofSeconds(30),
            () -> verify.isDone() || err.toString().contains("waiting for another openai-ft run"));
        assertFalse(verify.isDone(), "verified while the backup wrote: " + out + err);
        assertTrue(err.toString().contains(": backup)"), "names what it waits for: " + err);
        // the backup ends with its manifest matching what it wrote
        Files.write(record, backedUp);
      }
      assertEquals(0, (int) verify.get(30, TimeUnit.SECONDS), out + "--- err\n" + err);
      assertTrue(out.toString().startsWith("verified: all "), out.toString());
      JsonNode verified =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(root.resolve(BackupManifest.VERIFIED_FILE).toFile());
      assertTrue(verified.path("ok").asBoolean(), verified.toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badUsageNamesTheOption(@TempDir Path dir) {
    CliRun since =
        run(false, false, "backup", "--since", "yesterday", "--reports-dir", dir.toString());
    assertEquals(2, since.code());
    assertTrue(since.err().contains("--since: not a date (YYYY-MM-DD): 'yesterday'"), since.err());
    CliRun data = run(false, false, "backup", "--data", dir.resolve("nope").toString());
    assertEquals(2, data.code());
    assertTrue(data.err().contains("--data: no such directory"), data.err());
    CliRun mixed = run(false, false, "backup", "--verify", "--jobs", "ftjob-x");
    assertEquals(2, mixed.code());
    CliRun none = run(false, false, "backup", "--verify", "--reports-dir", dir.toString());
    assertEquals(5, none.code(), none.toString());
    assertTrue(none.err().contains("no backup manifest here"), none.err());
    assertEquals(1, none.err().lines().count(), none.err());
  }

  @Test
  void sinceLeavesOlderJobsOut(@TempDir Path dir) {
    CliRun r =
        run(
            false,
            false,
            "backup",
            "--json",
            "--since",
            "2999-01-01",
            "--reports-dir",
            dir.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(0, r.json().path("jobs").asInt(), r.out());
  }
}
