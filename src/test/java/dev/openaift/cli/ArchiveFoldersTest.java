package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Await;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.job.Job;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of the archive belongs to one run: loose runs get folders of their own, found again when
 * reported again; a job id from another provider does not overwrite the archived job.
 */
class ArchiveFoldersTest {
  private static final Path LORA = Path.of("src/test/resources/trainer/lora-run");
  private static final Path RESULTS = Path.of("src/test/resources/fixtures/jobs/succeeded");

  @TempDir Path tmp;

  private CliRun report(String... args) {
    return CliRun.of(args);
  }

  @Test
  void trainerRunsOfOneArchiveEachGetAFolderOfTheirOwn() throws IOException {
    Path reports = tmp.resolve("arch");
    Path one = copyTree(LORA, tmp.resolve("runs/lora run 1"));
    Path two = copyTree(LORA, tmp.resolve("runs/lora run 2"));
    Path a = copyTree(LORA, tmp.resolve("a/outputs"));
    Path b = copyTree(LORA, tmp.resolve("b/outputs"));
    for (Path run : List.of(one, two, a, b)) {
      CliRun r = report("report", run.toString(), "--reports-dir", reports.toString());
      assertEquals(0, r.code(), r.toString());
    }
    assertEquals(
        List.of("lora-run-1", "lora-run-2", "outputs", "outputs-2"),
        folders(reports),
        "one readable folder per run");
    CliRun again = report("report", b.toString(), "--reports-dir", reports.toString());
    assertEquals(0, again.code(), again.toString());
    assertTrue(
        again.out().contains(reports.resolve("outputs-2").toString()),
        "the same run again updates its own folder: " + again.out());
    CliRun state =
        report(
            "report",
            one.resolve("checkpoint-40/trainer_state.json").toString(),
            "--reports-dir",
            reports.toString());
    assertEquals(0, state.code(), state.toString());
    assertTrue(
        state.out().contains(reports.resolve("lora-run-1").toString()),
        "a checkpoint's state belongs to its run: " + state.out());
    assertEquals(List.of("lora-run-1", "lora-run-2", "outputs", "outputs-2"), folders(reports));
    String index = Files.readString(reports.resolve("index.html"));
    for (String f : folders(reports)) {
      assertTrue(index.contains("href=\"" + f + "/index.html\""), "index row of " + f);
    }
  }

  @Test
  void stateFilesUnderNamesOfTheirOwnInOneFolderAreRunsApart() throws IOException {
    Path reports = tmp.resolve("arch");
    Path runs = Files.createDirectories(tmp.resolve("sweep"));
    Path trainer = Path.of("src/test/resources/trainer");
    for (String f : List.of("messy.json", "resumed.json", "no-eval.json")) {
      Files.copy(trainer.resolve(f), runs.resolve(f));
    }
    Files.copy(trainer.resolve("messy.json"), runs.resolve("trainer_state.json"));
    for (String f : List.of("messy.json", "resumed.json", "no-eval.json", "messy.json")) {
      CliRun r = report("report", runs.resolve(f).toString(), "--reports-dir", reports.toString());
      assertEquals(0, r.code(), r.toString());
    }
    CliRun folder = report("report", runs.toString(), "--reports-dir", reports.toString());
    assertEquals(0, folder.code(), folder.toString());
    assertEquals(
        List.of("messy", "no-eval", "resumed", "sweep"),
        folders(reports),
        "each file a run of its own, named by the file; the folder's trainer_state.json is the"
            + " folder's run");
    for (String f : List.of("messy", "resumed", "no-eval")) {
      assertEquals(
          -1L,
          Files.mismatch(
              runs.resolve(f + ".json"), reports.resolve(f).resolve("trainer_state.json")),
          f + " kept its own state");
    }
  }

  @Test
  void looseResultFilesEachGetAFolderOfTheirOwn() throws IOException {
    Path reports = tmp.resolve("arch");
    Path a = Files.copy(RESULTS.resolve("results.csv"), tmp.resolve("my results A.csv"));
    Path b = Files.copy(RESULTS.resolve("results.csv"), tmp.resolve("my results B.csv"));
    for (Path f : List.of(a, b, a)) {
      CliRun r = report("report", "--results", f.toString(), "--reports-dir", "" + reports);
      assertEquals(0, r.code(), r.toString());
    }
    assertEquals(List.of("my-results-A", "my-results-B"), folders(reports));
    String source = Files.readString(reports.resolve("my-results-B").resolve("source.json"));
    assertTrue(source.contains(b.toAbsolutePath().toString().replace("\\", "\\\\")), source);
  }

  @Test
  void aJobIdFromAnotherProviderIsRefusedWithoutTouchingTheArchivedJob() throws Exception {
    Path reports = tmp.resolve("arch");
    try (Sandbox openai = Sandbox.start(config());
        Sandbox azure = Sandbox.startAzure(config())) {
      String openaiId = finishedJob(Connection.of("k", openai.baseUrl().toString()));
      String id = finishedJob(Connection.azure("k", azure.baseUrl().toString(), null));
      Map<String, String> openaiEnv =
          Map.of("OPENAI_API_KEY", "k", "OPENAI_BASE_URL", openai.baseUrl().toString());
      Map<String, String> azureEnv =
          Map.of(
              "AZURE_OPENAI_ENDPOINT",
              azure.baseUrl().toString(),
              "AZURE_OPENAI_API_KEY",
              "k",
              "OPENAI_API_VERSION",
              "2024-10-21");
      CliRun first =
          CliRun.withEnv(openaiEnv, "report", openaiId, "--reports-dir", reports.toString());
      assertEquals(0, first.code(), first.toString());
      // Azure's ids are of another form than OpenAI's: the archived OpenAI job is made to hold the
      // Azure job's id, as an archive shared by two accounts whose ids met would
      Path folder = reports.resolve(id);
      Files.move(reports.resolve(openaiId), folder);
      Path jobFile = folder.resolve("job.json");
      Files.writeString(jobFile, Files.readString(jobFile).replace(openaiId, id));
      byte[] job = Files.readAllBytes(folder.resolve("job.json"));
      byte[] summary = Files.readAllBytes(folder.resolve("summary.json"));
      String source = Files.readString(folder.resolve("source.json"));

      for (String[] args :
          List.of(
              new String[] {"report", id, "--reports-dir", reports.toString()},
              new String[] {"follow", id, "--report", "--reports-dir", reports.toString()},
              new String[] {"backup", "--jobs", id, "--reports-dir", reports.toString()})) {
        CliRun r = CliRun.withEnv(azureEnv, args);
        assertEquals(5, r.code(), args[0] + ": " + r);
        assertTrue(
            r.err().contains("holds " + id + " from openai") && r.err().contains("from azure"),
            args[0] + ": " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(java.util.Arrays.equals(job, Files.readAllBytes(folder.resolve("job.json"))));
        assertTrue(
            java.util.Arrays.equals(summary, Files.readAllBytes(folder.resolve("summary.json"))),
            args[0] + " left the report alone");
        assertEquals(source, Files.readString(folder.resolve("source.json")));
        assertFalse(
            Files.exists(reports.resolve("files")), args[0] + " copied the other job's data");
      }
    }
  }

  private static SandboxConfig config() {
    return SandboxConfig.defaults()
        .withApiKey("k")
        .withStepDelayMs(2)
        .withSeed(11)
        .withClock(LifecycleSandbox.CLOCK);
  }

  private static String finishedJob(Connection connection) {
    try (OpenAiGateway gw = new OpenAiGateway(connection.withTimeout(Duration.ofSeconds(20)))) {
      FileInfo f =
          gw.uploadFile(
              "train.jsonl", LifecycleSandbox.examples(10).getBytes(StandardCharsets.UTF_8));
      String id = gw.createJob(JobRequest.of(LifecycleSandbox.MODEL, f.id())).id();
      Await.until(
          "job " + id + " to finish", Duration.ofSeconds(60), () -> gw.getJob(id), Job::isTerminal);
      return id;
    }
  }

  private static List<String> folders(Path reports) throws IOException {
    try (Stream<Path> s = Files.list(reports)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
