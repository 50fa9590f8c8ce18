package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.Connection;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.job.Job;
import dev.openaift.sandbox.PlatformRules;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openai-ft retrain}: a job trained on one sandbox (OpenAI's flavour), archived and backed
 * up, is re-run from the archive alone on a second sandbox in Azure's flavour (which refuses jobs
 * without a training tier), followed, reported and compared with its origin; the first sandbox is
 * closed before the re-run, so nothing can be fetched from it again.
 */
class RetrainCommandTest {
  private static final String AZURE_KEY = "azure-retrain-key-31415926";
  private static final Pattern CREATED =
      Pattern.compile("Created fine-tuning job (ftjob-[A-Za-z0-9]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path archive;
  static String oldJob;
  static Job oldRecord;
  static Sandbox azure;
  static OpenAiGateway azureGateway;

  @BeforeAll
  static void trainArchiveAndBackUp() throws Exception {
    archive = dir.resolve("archive");
    Path train = LifecycleSandbox.write(dir.resolve("train.jsonl"), LifecycleSandbox.examples(12));
    Path valid = LifecycleSandbox.write(dir.resolve("valid.jsonl"), validation(10));
    try (LifecycleSandbox openai = new LifecycleSandbox()) {
      CliRun created =
          openai.run(
              "jobs",
              "create",
              "--model",
              LifecycleSandbox.MODEL,
              "--training-file",
              train.toString(),
              "--validation-file",
              valid.toString(),
              "--suffix",
              "support",
              "--seed",
              "7",
              "--epochs",
              "2",
              "--lr-multiplier",
              "0.5",
              "--metadata",
              "team=search",
              "--report",
              "--poll",
              "0.02",
              "--reports-dir",
              archive.toString());
      assertEquals(0, created.code(), created.toString());
      Matcher m = CREATED.matcher(created.out());
      assertTrue(m.find(), created.out());
      oldJob = m.group(1);
      CliRun backup = openai.run("backup", "--jobs", oldJob, "--reports-dir", archive.toString());
      assertEquals(0, backup.code(), backup.toString());
      oldRecord = openai.gateway.getJob(oldJob);
    }
    azure =
        Sandbox.startAzure(
            SandboxConfig.defaults()
                .withApiKey(AZURE_KEY)
                .withStepDelayMs(5)
                .withSeed(3)
                .withClock(LifecycleSandbox.CLOCK)
                .withPlatform(PlatformRules.defaults().withAzureTrainingTypeRequired(true)));
    azureGateway =
        new OpenAiGateway(
            Connection.azure(AZURE_KEY, azure.baseUrl().toString(), null)
                .withTimeout(Duration.ofSeconds(20)));
  }

  @AfterAll
  static void stop() {
    azureGateway.close();
    azure.close();
  }

  private static String validation(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"user\",\"content\":\"Which shade is moon %d?\"},"
                  + "{\"role\":\"assistant\",\"content\":\"Moon %d is shade %d.\"}]}%n",
              i,
              i,
              i * 3));
    }
    return sb.toString();
  }

  /** No OpenAI key or Azure variables in the environment: everything comes from the options. */
  private static CliRun run(String... args) {
    return LifecycleSandbox.run(CliRun.context(), UserInput.of(""), args);
  }

  private static String[] azureArgs(Path archiveRoot, String... more) {
    String[] base = {
      "retrain",
      oldJob,
      "--provider",
      "azure",
      "--base-url",
      azure.baseUrl().toString(),
      "--api-key",
      AZURE_KEY,
      "--reports-dir",
      archiveRoot.toString(),
      "--poll",
      "0.02"
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private int azureFiles() {
    return (int)
        azureGateway.listFiles().stream().filter(f -> "fine-tune".equals(f.purpose())).count();
  }

  @Test
  void retrainsOnAzureFromTheArchiveAloneAndComparesWithItsOrigin() throws Exception {
    int filesBefore = azureFiles();
    CliRun r = run(azureArgs(archive));
    assertEquals(0, r.code(), r.toString());
    Matcher m = CREATED.matcher(r.out());
    assertTrue(m.find(), r.out());
    String newJob = m.group(1);
    assertTrue(r.out().contains("retrained from " + oldJob), r.out());
    assertTrue(r.out().contains("trainingType globalstandard"), r.out());
    assertTrue(r.out().contains("openai-ft compare " + oldJob + " " + newJob), r.out());
    assertEquals(filesBefore + 2, azureFiles(), "training and validation uploaded once each");

    Job fresh = azureGateway.getJob(newJob);
    assertEquals("succeeded", fresh.status());
    assertEquals(oldRecord.model(), fresh.model());
    assertEquals(oldRecord.seed(), fresh.seed());
    assertEquals("support", fresh.suffix());
    assertEquals("supervised", fresh.methodType());
    assertEquals(oldJob, fresh.metadata().get("retrained_from"));
    assertEquals("search", fresh.metadata().get("team"));
    assertEquals("2", fresh.hyperparameters().get("n_epochs"));
    assertEquals(
        Double.parseDouble(oldRecord.hyperparameters().get("learning_rate_multiplier")),
        Double.parseDouble(fresh.hyperparameters().get("learning_rate_multiplier")));
    // byte for byte the archived copies, uploaded to the new service
    JsonNode trainMeta =
        JSON.readTree(
            archive
                .resolve("files")
                .resolve(oldRecord.trainingFile())
                .resolve("file.json")
                .toFile());
    byte[] archived = Files.readAllBytes(archive.resolve(trainMeta.path("path").asText()));
    assertArrayEquals(archived, azureGateway.fileContent(fresh.trainingFile()));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("valid.jsonl")),
        azureGateway.fileContent(fresh.validationFile()));

    JsonNode origin = JSON.readTree(archive.resolve(newJob).resolve("retrain.json").toFile());
    assertEquals(oldJob, origin.path("retrained_from").asText());
    assertEquals("globalstandard", origin.path("training_type").asText());
    assertEquals(
        fresh.trainingFile(), origin.path("files").path("training").path("uploaded_as").asText());
    assertTrue(Files.isRegularFile(archive.resolve(newJob).resolve("index.html")), "reported");

    CliRun compared = run("compare", oldJob, newJob, "--reports-dir", archive.toString());
    assertEquals(0, compared.code(), compared.toString());
    Path page =
        Path.of(
            compared
                .out()
                .lines()
                .filter(l -> l.startsWith("compare: "))
                .findFirst()
                .orElseThrow()
                .substring(9));
    JsonNode table = JSON.readTree(page.resolveSibling("compare.json").toFile());
    Map<String, JsonNode> rows = new java.util.HashMap<>();
    table.path("rows").forEach(row -> rows.put(row.path("label").asText(), row));
    JsonNode originRow = rows.get("retrained from");
    assertTrue(originRow != null, table.toString());
    assertEquals(newJob, table.path("jobs").get(1).asText());
    assertEquals(oldJob, originRow.path("values").get(1).asText());
    // where and how each trained: each folder's source.json, the tier from retrain.json
    JsonNode provider = rows.get("provider");
    assertEquals("openai", provider.path("values").get(0).asText(), table.toString());
    assertEquals("azure", provider.path("values").get(1).asText());
    assertEquals(azure.baseUrl().getHost(), rows.get("API host").path("values").get(1).asText());
    assertEquals("globalstandard", rows.get("training tier").path("values").get(1).asText());
    // OpenAI's price table prices the origin only: a known cost against an unknown one differs
    assertTrue(
        rows.get("training cost (price table)").path("values").get(0).asText().startsWith("$"));
    assertEquals("—", rows.get("training cost (price table)").path("values").get(1).asText());
    List<String> differences = new ArrayList<>();
    table.path("differences").forEach(d -> differences.add(d.asText()));
    assertTrue(
        differences.containsAll(
            List.of("provider", "training tier", "training cost (price table)")),
        differences.toString());
  }

  @Test
  void anUnknownCostIsConfirmedBeforeAnyUpload() {
    int filesBefore = azureFiles();
    // unchecked copies have no estimate: a script without --yes is refused after the plan
    // --again: whatever another test's retrain of this archive started, a new job is asked for
    CliRun r = run(azureArgs(archive, "--no-check", "--again"));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.out().contains("Estimated cost: not available"), r.out());
    assertTrue(
        r.err().contains("refusing to spend an unknown amount on a fine-tuning job on "), r.err());
    assertEquals(filesBefore, azureFiles());
    // on a terminal, 'n' sends nothing either
    CliRun declined =
        LifecycleSandbox.run(
            CliRun.context().withTerminal(true),
            UserInput.of("n\n"),
            azureArgs(archive, "--no-check", "--again"));
    assertEquals(0, declined.code(), declined.toString());
    assertTrue(declined.err().contains("Not confirmed: nothing was changed."), declined.err());
    assertEquals(filesBefore, azureFiles());
  }

  @Test
  void aModelAzureCannotFineTuneIsRefusedBeforeAnyUpload() {
    int filesBefore = azureFiles();
    CliRun r = run(azureArgs(archive, "--model", "gpt-4.1-nano-2025-04-14"));
    assertEquals(2, r.code(), r.toString());
    String line = r.err().lines().findFirst().orElse("");
    assertTrue(line.contains("Azure OpenAI does not fine-tune gpt-4.1-nano-2025-04-14"), line);
    assertTrue(line.contains("it fine-tunes gpt-4.1-2025-04-14 (until 2027-04-14)"), line);
    assertTrue(line.contains("nothing was uploaded"), line);
    assertEquals(filesBefore, azureFiles());

    CliRun tier = run(azureArgs(archive, "--training-type", "premium"));
    assertEquals(2, tier.code(), tier.toString());
    assertTrue(tier.err().contains("--training-type must be one of"), tier.err());
    assertEquals(filesBefore, azureFiles());
  }

  @Test
  void dryRunPrintsThePlanAndTheCostAndSendsNothing() {
    int filesBefore = azureFiles();
    int jobsBefore = azureGateway.listJobsWithStatus(null, 1000).size();
    CliRun r =
        run(
            "retrain",
            oldJob,
            "--provider",
            "azure",
            "--base-url",
            azure.baseUrl().toString(),
            "--reports-dir",
            archive.toString(),
            "--training-type",
            "DeveloperTier",
            "--dry-run");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("tier:       trainingType developerTier"), r.out());
    assertTrue(r.out().contains("method:     supervised"), r.out());
    assertTrue(r.out().contains("n_epochs=2"), r.out());
    assertTrue(r.out().contains("archived copy of " + oldRecord.trainingFile()), r.out());
    assertTrue(r.out().contains("archived copy of " + oldRecord.validationFile()), r.out());
    assertTrue(r.out().contains("\"retrained_from\":\"" + oldJob + "\""), r.out());
    assertTrue(
        r.out().contains("Estimated cost: less than $0.01 (720 billed tokens over 2 epochs"),
        r.out());
    assertTrue(r.out().contains("Dry run: nothing was uploaded or created."), r.out());
    assertEquals(filesBefore, azureFiles());
    assertEquals(jobsBefore, azureGateway.listJobsWithStatus(null, 1000).size());
  }

  @Test
  void aMissingCopyIsNamedWithTheBackupThatMakesIt() throws Exception {
    Path copy = dir.resolve("copy");
    copyTree(archive, copy);
    Path files = copy.resolve("files").resolve(oldRecord.validationFile());
    try (var walk = Files.walk(files)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    int filesBefore = azureFiles();
    CliRun r = run(azureArgs(copy));
    assertEquals(5, r.code(), r.toString());
    String line = r.err().strip();
    assertEquals(1, line.lines().count(), r.err());
    assertTrue(
        line.contains(
            "the archive holds no copy of the validation file "
                + oldRecord.validationFile()
                + " of job "
                + oldJob),
        line);
    assertTrue(line.contains("make it with: openai-ft backup --jobs " + oldJob), line);
    assertTrue(line.contains("add --data DIR"), line);
    assertFalse(line.contains("Exception"), line);
    assertEquals(filesBefore, azureFiles());
  }

  @Test
  void runningTheSameRetrainAgainTakesTheJobItStartedInsteadOfPayingTwice() throws Exception {
    Path copy = dir.resolve("rerun");
    copyTree(archive, copy);
    // what other tests' retrains of the archive recorded is not this test's
    try (var walk = Files.walk(copy.resolve(dev.openaift.archive.LaunchRecord.FOLDER))) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    int filesBefore = azureFiles();
    CliRun first = run(azureArgs(copy, "--no-follow"));
    assertEquals(0, first.code(), first.toString());
    Matcher m = CREATED.matcher(first.out());
    assertTrue(m.find(), first.out());
    String newJob = m.group(1);

    CliRun again = run(azureArgs(copy, "--no-follow"));
    assertEquals(0, again.code(), again.toString());
    assertFalse(again.out().contains("Created fine-tuning job"), again.out());
    assertTrue(
        again.out().contains("Fine-tuning job " + newJob + " (")
            && again.out().contains("started by an earlier run of this retrain"),
        again.out());
    assertTrue(again.out().contains("openai-ft compare " + oldJob + " " + newJob), again.out());
    assertEquals(filesBefore + 2, azureFiles(), "uploaded once");
    assertEquals(
        1,
        azureGateway.listJobs(null, 100).data().stream()
            .filter(j -> oldJob.equals(j.metadata().get("retrained_from")))
            .filter(j -> j.id().equals(newJob))
            .count());
    JsonNode origin = JSON.readTree(copy.resolve(newJob).resolve("retrain.json").toFile());
    assertEquals(oldJob, origin.path("retrained_from").asText());
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  @Test
  void theAzureFlavourRefusesAJobWithoutATierAsAzureDoes() {
    var file =
        azureGateway.uploadFile(
            "t.jsonl",
            LifecycleSandbox.examples(10).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.openaift.api.ApiException.class,
            () ->
                azureGateway.createJob(
                    dev.openaift.api.JobRequest.of(LifecycleSandbox.MODEL, file.id())));
    assertEquals(400, e.statusCode());
    assertEquals("The specified base model does not support fine-tuning.", e.apiMessage());
    Job ok =
        azureGateway.createJob(
            dev.openaift.api.JobRequest.of(LifecycleSandbox.MODEL, file.id())
                .withTrainingType("standard"));
    assertEquals(LifecycleSandbox.MODEL, ok.model());
    azureGateway.cancel(ok.id());
  }

  @Test
  void aTargetThatAnswersWithTheOriginsIdDoesNotOverwriteItsRecord() throws Exception {
    // the origin's sandbox had seed 1: another OpenAI-compatible sandbox with the same seed hands
    // out the same ids (Azure's are of another form)
    try (Sandbox twin =
        Sandbox.start(
            SandboxConfig.defaults()
                .withApiKey(AZURE_KEY)
                .withStepDelayMs(5)
                .withSeed(1)
                .withClock(LifecycleSandbox.CLOCK))) {
      Path copy = dir.resolve("twin");
      copyTree(archive, copy);
      byte[] before = Files.readAllBytes(copy.resolve(oldJob).resolve("job.json"));
      CliRun r =
          run(
              "retrain",
              oldJob,
              "--base-url",
              twin.baseUrl().toString(),
              "--api-key",
              AZURE_KEY,
              "--reports-dir",
              copy.toString(),
              "--poll",
              "0.02");
      assertEquals(4, r.code(), r.toString());
      assertTrue(
          r.err().contains("already holds a job of that id: nothing was written over it"), r.err());
      assertArrayEquals(before, Files.readAllBytes(copy.resolve(oldJob).resolve("job.json")));
      assertFalse(Files.exists(copy.resolve(oldJob).resolve("retrain.json")));
    }
  }
}
