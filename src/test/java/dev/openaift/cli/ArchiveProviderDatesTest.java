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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One archive holding a job from OpenAI and one from Azure OpenAI: each is dated by the provider
 * that serves its fine-tuned model. OpenAI's shutdown (2027-01-14, from its models list and table)
 * must not reach the Azure job, whose deployments Azure serves until October 2027 (the built-in
 * {@code providers.azure} table: 2027-10-01). Today is pinned ({@link LifecycleSandbox#CLOCK}).
 */
class ArchiveProviderDatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AZURE_KEY = "azure-dates-key-1234567890";

  static LifecycleSandbox openai;
  static Sandbox azure;
  static String openaiJob;
  static String azureJob;

  @BeforeAll
  static void start() {
    openai = new LifecycleSandbox();
    openaiJob = openai.startJob(10, Map.of("n_epochs", 1));
    openai.await(openaiJob, Job::isTerminal);
    azure =
        Sandbox.startAzure(
            SandboxConfig.defaults()
                .withApiKey(AZURE_KEY)
                .withStepDelayMs(5)
                .withSeed(9)
                .withClock(LifecycleSandbox.CLOCK));
    try (OpenAiGateway gw =
        new OpenAiGateway(
            Connection.azure(AZURE_KEY, azure.baseUrl().toString(), null)
                .withTimeout(Duration.ofSeconds(20)))) {
      FileInfo f =
          gw.uploadFile(
              "train.jsonl", LifecycleSandbox.examples(10).getBytes(StandardCharsets.UTF_8));
      azureJob = gw.createJob(JobRequest.of(LifecycleSandbox.MODEL, f.id())).id();
      Job job =
          Await.until(
              "azure job " + azureJob + " to finish",
              Duration.ofSeconds(60),
              () -> gw.getJob(azureJob),
              Job::isTerminal);
      assertEquals("succeeded", job.status());
    }
  }

  @AfterAll
  static void stop() {
    openai.close();
    azure.close();
  }

  private static CliRun runAzure(String... args) {
    CliContext context =
        CliRun.context(
            Map.of(
                "AZURE_OPENAI_ENDPOINT",
                azure.baseUrl().toString(),
                "AZURE_OPENAI_API_KEY",
                AZURE_KEY,
                "OPENAI_API_VERSION",
                "2024-10-21"));
    CliRun r = LifecycleSandbox.run(context, UserInput.of(""), args);
    assertFalse(r.out().contains(AZURE_KEY) || r.err().contains(AZURE_KEY), r.toString());
    return r;
  }

  @Test
  void eachJobIsDatedByTheProviderThatServesIt(@TempDir Path tmp) throws IOException {
    Path reports = tmp.resolve("reports");
    String dir = reports.toString();
    // a backup of the OpenAI job: its folder and OpenAI's models list (models.json, 2027-01-14)
    CliRun backup = openai.run("backup", "--jobs", openaiJob, "--reports-dir", dir);
    assertEquals(0, backup.code(), backup.toString());
    assertTrue(Files.isRegularFile(reports.resolve("models.json")), "backup archived models.json");
    CliRun report = runAzure("report", azureJob, "--reports-dir", dir);
    assertEquals(0, report.code(), report.toString());
    assertEquals(
        "azure",
        JSON.readTree(reports.resolve(azureJob).resolve("source.json").toFile())
            .path("provider")
            .asText());

    Map<String, List<String>> columns = ArchiveWritersTest.columns(reports);
    // 2026-11-29 -> 2027-01-14: 46 days; -> 2027-10-01: 306 days
    assertEquals(List.of("2027-01-14", "46"), columns.get(openaiJob), columns.toString());
    assertEquals(List.of("2027-10-01", "306"), columns.get(azureJob), columns.toString());

    assertEquals(List.of("2027-01-14"), shutdownFindings(reports.resolve(openaiJob)));
    assertEquals(List.of(), shutdownFindings(reports.resolve(azureJob)), "Azure: 306 days left");

    // reported again from its folder (any provider's environment): still Azure's dates
    CliRun again = openai.run("report", reports.resolve(azureJob).toString());
    assertEquals(0, again.code(), again.toString());
    assertEquals(List.of(), shutdownFindings(reports.resolve(azureJob)));
    assertEquals(
        List.of("2027-10-01", "306"),
        ArchiveWritersTest.columns(reports).get(azureJob),
        "index rebuilt by report DIR");

    // Azure's dates moved closer (--retirement-dates): the finding names Azure's date and table
    Path dates = tmp.resolve("dates.json");
    Files.writeString(
        dates,
        "{\"models\": {}, \"providers\": {\"azure\": {\"label\": \"my azure dates\","
            + " \"models\": {\"gpt-4o-mini-2024-07-18\": \"2027-02-01\"}}}}");
    CliRun moved =
        runAzure("report", azureJob, "--reports-dir", dir, "--retirement-dates", dates.toString());
    assertEquals(0, moved.code(), moved.toString());
    JsonNode finding = shutdownFinding(reports.resolve(azureJob));
    assertTrue(finding != null, "a model_shutdown finding within 90 days");
    String message = finding.path("text").asText();
    assertTrue(message.contains("2027-02-01") && message.contains("my azure dates"), message);
    assertFalse(message.contains("2027-01-14"), message);
  }

  /** The shutdown date of the folder's report's {@code model_shutdown} finding, if any. */
  private static List<String> shutdownFindings(Path folder) throws IOException {
    List<String> dates = new ArrayList<>();
    JsonNode f = shutdownFinding(folder);
    if (f != null) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("shut down on (\\d{4}-\\d{2}-\\d{2})")
              .matcher(f.path("text").asText());
      if (m.find()) {
        dates.add(m.group(1));
      }
    }
    return dates;
  }

  private static JsonNode shutdownFinding(Path folder) throws IOException {
    JsonNode summary = JSON.readTree(folder.resolve("summary.json").toFile());
    for (JsonNode f : summary.path("findings")) {
      if ("model_shutdown".equals(f.path("code").asText())) {
        return f;
      }
    }
    return null;
  }
}
