package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.Await;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.job.Job;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against the Azure flavour of the sandbox, chosen by the Azure variables or
 * --provider.
 */
class AzureCommandsTest {
  private static final String KEY = "azure-cli-key-9876543210";
  private static Sandbox sandbox;
  private static Job job;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    sandbox =
        // today is pinned: the fine-tune answers only until its base model's shutdown date
        Sandbox.startAzure(
            SandboxConfig.defaults()
                .withApiKey(KEY)
                .withStepDelayMs(5)
                .withSeed(9)
                .withClock(CliRun.CLOCK));
    job = trainedJob(sandbox);
    assertEquals("succeeded", job.status());
  }

  /** A job trained to its end on an Azure sandbox. */
  private static Job trainedJob(Sandbox on) {
    try (OpenAiGateway gw =
        new OpenAiGateway(
            Connection.azure(KEY, on.baseUrl().toString(), null)
                .withTimeout(Duration.ofSeconds(20)))) {
      FileInfo f =
          gw.uploadFile(
              "train.jsonl", LifecycleSandbox.examples(10).getBytes(StandardCharsets.UTF_8));
      String id = gw.createJob(JobRequest.of(LifecycleSandbox.MODEL, f.id())).id();
      return Await.until(
          "job " + id + " to finish", Duration.ofSeconds(60), () -> gw.getJob(id), Job::isTerminal);
    }
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Map<String, String> azureEnv() {
    return Map.of(
        "AZURE_OPENAI_ENDPOINT",
        sandbox.baseUrl().toString(),
        "AZURE_OPENAI_API_KEY",
        KEY,
        "OPENAI_API_VERSION",
        "2024-10-21");
  }

  private static CliRun run(Map<String, String> env, String... args) {
    CliRun r = CliRun.run(CliRun.context(env), args);
    assertFalse(r.out().contains(KEY) || r.err().contains(KEY), "the key was printed: " + r);
    return r;
  }

  @Test
  void azuresJobShapeAndItsPendingStatusAreTakenAsAzureWritesThem() throws Exception {
    // ids of 32 hex digits, a new job 'pending' with no organization and no result files
    assertTrue(job.id().matches("ftjob-[0-9a-f]{32}"), job.id());
    assertEquals(null, job.organizationId());
    try (Sandbox manual =
            Sandbox.startAzureManual(
                SandboxConfig.defaults().withApiKey(KEY).withSeed(4).withClock(CliRun.CLOCK));
        OpenAiGateway gw =
            new OpenAiGateway(Connection.azure(KEY, manual.baseUrl().toString(), null))) {
      FileInfo f =
          gw.uploadFile(
              "train.jsonl", LifecycleSandbox.examples(10).getBytes(StandardCharsets.UTF_8));
      Job pending = gw.createJob(JobRequest.of(LifecycleSandbox.MODEL, f.id()));
      assertEquals("pending", pending.status());
      assertEquals(List.of(), pending.resultFiles());
      Map<String, String> env =
          Map.of(
              "AZURE_OPENAI_ENDPOINT",
              manual.baseUrl().toString(),
              "AZURE_OPENAI_API_KEY",
              KEY,
              "OPENAI_API_VERSION",
              "2024-10-21");
      CliRun listed = run(env, "jobs", "list", "--status", "pending", "--json");
      assertEquals(0, listed.code(), listed.toString());
      assertTrue(listed.out().contains(pending.id()), listed.out());
      manual.advanceUntil(pending.id(), "succeeded");
      CliRun followed =
          run(env, "follow", pending.id(), "--reports-dir", tmp.resolve("r").toString());
      assertEquals(0, followed.code(), followed.toString());
      assertTrue(followed.out().contains("succeeded"), followed.out());
      assertTrue(
          gw.listCheckpoints(pending.id()).stream()
              .allMatch(c -> c.id().matches("ftchkpt-[0-9a-f]{32}")),
          "checkpoint ids as Azure writes them");
    }
    assertTrue(Job.waiting("pending") && !Job.waiting("running"));
  }

  @Test
  void azuresDatesNotOpenAIsDecideWhatDiesWhen() throws Exception {
    // OpenAI stops new jobs on 2027-01-06 (38 days after TestClocks.TODAY): not Azure
    Path train = Files.writeString(tmp.resolve("t.jsonl"), LifecycleSandbox.examples(10));
    String[] dryRun = {
      "jobs", "create", "--model", "gpt-4o-mini", "--training-file", train.toString(), "--dry-run"
    };
    CliRun now = run(azureEnv(), dryRun);
    assertEquals(0, now.code(), now.toString());
    assertFalse(now.err().contains("new fine-tuning jobs stop"), now.err());
    assertFalse(now.err().contains("warning"), now.err());
    CliRun late = at("2027-03-20T12:00:00Z", dryRun);
    assertEquals(0, late.code(), late.toString());
    assertTrue(
        late.err()
            .contains(
                "Azure OpenAI takes new fine-tuning jobs on gpt-4o-mini-2024-07-18 until"
                    + " 2027-04-01 (12 days;"),
        late.err());
    assertFalse(late.err().contains("shut down"), late.err());
    CliRun after = at("2027-04-02T12:00:00Z", dryRun);
    assertEquals(2, after.code(), after.toString());
    assertTrue(
        after
            .err()
            .contains(
                "Azure OpenAI stopped new fine-tuning jobs on gpt-4o-mini-2024-07-18 after"
                    + " 2027-04-01"),
        after.err());
    assertFalse(after.out().contains("Would send"), after.out());

    CliRun inventory =
        run(azureEnv(), "inventory", "--reports-dir", tmp.resolve("empty").toString());
    assertEquals(0, inventory.code(), inventory.toString());
    assertFalse(inventory.out().contains("new fine-tuning jobs stop"), inventory.out());
    String row =
        inventory
            .out()
            .lines()
            .filter(l -> l.startsWith(job.fineTunedModel() + " "))
            .findFirst()
            .orElseThrow();
    assertTrue(row.contains("2027-10-01") && row.contains("provider table"), row);
  }

  /** A command against the Azure sandbox on another day (dates only: the sandbox keeps its own). */
  private static CliRun at(String instant, String... args) {
    java.time.Clock clock =
        java.time.Clock.fixed(java.time.Instant.parse(instant), java.time.ZoneOffset.UTC);
    CliRun r = CliRun.run(CliRun.context(azureEnv()).withTime(clock, d -> {}), args);
    assertFalse(r.out().contains(KEY) || r.err().contains(KEY), "the key was printed: " + r);
    return r;
  }

  @Test
  void anAzureBackupKeepsItsModelsListBesideOpenAisAndDatesNoOpenAiJob() throws Exception {
    Path reports = tmp.resolve("both");
    String openAiJob;
    // Azure's resource says its gpt-4o-mini serves until mid-2027: OpenAI's job must keep OpenAI's
    // 2027-01-14 all the same
    try (LifecycleSandbox openai = new LifecycleSandbox();
        Sandbox later =
            Sandbox.startAzure(
                SandboxConfig.defaults()
                    .withApiKey(KEY)
                    .withStepDelayMs(5)
                    .withSeed(11)
                    .withClock(CliRun.CLOCK)
                    .withPlatform(
                        dev.openaift.sandbox.PlatformRules.defaults()
                            .withShutdownDate(
                                LifecycleSandbox.MODEL,
                                java.time.LocalDate.parse("2027-06-30"))))) {
      openAiJob = openai.startJob(10, Map.of());
      openai.await(openAiJob, Job::isTerminal);
      assertEquals(0, openai.run("backup", "--reports-dir", reports.toString()).code());
      String fineTune = openai.gateway.getJob(openAiJob).fineTunedModel();
      trainedJob(later);
      Map<String, String> env = new HashMap<>(azureEnv());
      env.put("AZURE_OPENAI_ENDPOINT", later.baseUrl().toString());
      CliRun azureBackup = run(env, "backup", "--reports-dir", reports.toString());
      assertEquals(0, azureBackup.code(), azureBackup.toString());

      JsonNode openAiList = new ObjectMapper().readTree(reports.resolve("models.json").toFile());
      assertEquals("openai", openAiList.path("provider").asText(), openAiList.toString());
      assertTrue(openAiList.toString().contains(fineTune), "OpenAI's fine-tune is still listed");
      Path azureList = reports.resolve("models-azure-127.0.0.1.json");
      assertTrue(Files.isRegularFile(azureList), "Azure's list kept beside it");
      assertTrue(Files.readString(azureList).contains("2027-06-30"));

      CliRun report =
          openai.run(
              "report", reports.resolve(openAiJob).toString(), "--reports-dir", "" + reports);
      assertEquals(0, report.code(), report.toString());
      String summary = Files.readString(reports.resolve(openAiJob).resolve("summary.json"));
      assertTrue(summary.contains("2027-01-14"), summary);
      assertFalse(summary.contains("2027-06-30"), summary);
      CliRun verify = openai.run("backup", "--verify", "--reports-dir", reports.toString());
      assertEquals(0, verify.code(), verify.toString());
    }
  }

  @Test
  void jobsGetShowsTheDeploymentHintForAFineTunedModel() {
    CliRun r = run(azureEnv(), "jobs", "get", job.id());
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.out().contains("deployment") && r.out().contains("only through a deployment"), r.out());
  }

  @Test
  void followingAFinishedJobShowsTheDeploymentStepNotARequestAzureRefuses() {
    CliRun r = run(azureEnv(), "follow", job.id());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Fine-tuned model: " + job.fineTunedModel()), r.out());
    assertTrue(r.out().contains("az cognitiveservices account deployment create"), r.out());
    assertTrue(r.out().contains("openai-ft chat NAME \"Hello!\" --provider azure"), r.out());
    assertFalse(r.out().contains("Bearer"), r.out());
    assertFalse(r.out().contains("openai-ft chat " + job.fineTunedModel()), r.out());
  }

  @Test
  void chatTakesADeploymentNameAndRefusesAModelIdWithWhatToDo() {
    // Azure's name for the fine-tune, not deployed under it: the API's 404, with what to do
    CliRun byId = run(azureEnv(), "chat", job.fineTunedModel(), "hello");
    assertEquals(4, byId.code(), byId.toString());
    assertTrue(byId.err().contains("--model-name " + job.fineTunedModel() + " ..."), byId.err());
    assertEquals(1, byId.err().strip().lines().count(), byId.err());
    // an OpenAI model id cannot name a deployment: refused before sending
    CliRun openAiId = run(azureEnv(), "chat", "ft:gpt-4o-mini-2024-07-18:org::abc", "hello");
    assertEquals(2, openAiId.code(), openAiId.toString());
    assertTrue(
        openAiId.err().contains("deploy ft:gpt-4o-mini-2024-07-18:org::abc"), openAiId.err());
    CliRun missing = run(azureEnv(), "chat", "not-deployed", "hello");
    assertEquals(4, missing.code(), missing.toString());
    sandbox.deploy("cli-ft", job.fineTunedModel());
    CliRun ok =
        run(azureEnv(), "chat", "cli-ft", "What is the colour of planet number 4?", "--json");
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(ok.out().contains(job.fineTunedModel()), ok.out());
  }

  @Test
  void providerOptionAndApiVersionOverrideTheEnvironment() {
    Map<String, String> env = new HashMap<>(azureEnv());
    env.remove("AZURE_OPENAI_ENDPOINT");
    CliRun r =
        run(
            env,
            "jobs",
            "list",
            "--provider",
            "azure",
            "--base-url",
            sandbox.baseUrl().toString(),
            "--api-version",
            "2019-01-01");
    assertEquals(4, r.code(), r.toString());
    assertTrue(
        r.err().contains("API version not supported") && r.err().contains("2019-01-01"), r.err());
    CliRun wrongKey = run(azureEnv(), "jobs", "list", "--api-key", "nope-nope-nope");
    assertEquals(4, wrongKey.code(), wrongKey.toString());
    assertTrue(wrongKey.err().contains("AZURE_OPENAI_API_KEY"), wrongKey.err());
    Map<String, String> both = new HashMap<>(azureEnv());
    both.put("OPENAI_API_KEY", "sk-other");
    CliRun ambiguous = run(both, "jobs", "list");
    assertEquals(2, ambiguous.code(), ambiguous.toString());
    assertTrue(ambiguous.err().contains("--provider"), ambiguous.err());
    assertEquals(0, run(both, "jobs", "list", "--provider", "azure").code());
  }

  @Test
  void theArchiveRecordsProviderAndHostNeverTheKeyAndTheIndexShowsThem() throws Exception {
    Path reports = tmp.resolve("reports");
    CliRun r = run(azureEnv(), "report", job.id(), "--reports-dir", reports.toString());
    assertEquals(0, r.code(), r.toString());
    Path folder = reports.resolve(job.id());
    JsonNode source = new ObjectMapper().readTree(folder.resolve("source.json").toFile());
    assertEquals("azure", source.path("provider").asText());
    assertEquals("127.0.0.1", source.path("endpoint_host").asText());
    assertEquals("2024-10-21", source.path("api_version").asText());
    try (var files = Files.walk(folder)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        assertFalse(
            Files.readString(p, StandardCharsets.ISO_8859_1).contains(KEY), "key written to " + p);
      }
    }
    String page = Files.readString(folder.resolve("index.html"));
    assertTrue(
        page.contains("Azure OpenAI") && page.contains("only through a deployment"),
        "report shows the source");
    String index = Files.readString(reports.resolve("index.html"));
    assertTrue(index.contains("azure · 127.0.0.1"), "index shows the source");
  }
}
