package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.job.Job;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure flavour of the sandbox serves the result file Azure writes today (issue 20, 5b), and
 * {@code report} reads it end to end: times, validation accuracy, error-rate columns, no warning.
 */
class AzureResultFileTest {
  private static final String KEY = "azure-results-key-0123456789";

  @TempDir Path tmp;

  @Test
  void anAzureJobsResultFileIsReportedWithItsTimingAndNoWarning() throws Exception {
    try (Sandbox sandbox =
        Sandbox.startAzureManual(
            SandboxConfig.defaults().withApiKey(KEY).withStepDelayMs(7_000).withSeed(5))) {
      String id;
      String resultFile;
      try (OpenAiGateway gw =
          new OpenAiGateway(
              Connection.azure(KEY, sandbox.baseUrl().toString(), null)
                  .withTimeout(Duration.ofSeconds(20)))) {
        FileInfo train =
            gw.uploadFile(
                "train.jsonl", LifecycleSandbox.examples(10).getBytes(StandardCharsets.UTF_8));
        FileInfo valid =
            gw.uploadFile(
                "valid.jsonl", LifecycleSandbox.examples(5).getBytes(StandardCharsets.UTF_8));
        id =
            gw.createJob(
                    JobRequest.of(LifecycleSandbox.MODEL, train.id())
                        .withFiles(train.id(), valid.id()))
                .id();
        sandbox.advanceUntil(id, "succeeded");
        Job job = gw.getJob(id);
        resultFile = new String(gw.fileContent(job.resultFiles().get(0)), StandardCharsets.UTF_8);
      }
      List<String> lines = resultFile.lines().toList();
      assertEquals(
          "step,train_loss,train_mean_token_accuracy,train_error_rate,valid_loss,"
              + "valid_mean_token_accuracy,valid_error_rate,full_valid_loss,"
              + "full_valid_mean_token_accuracy,full_valid_error_rate,timestamp",
          lines.get(0));
      String[] first = lines.get(1).split(",", -1);
      assertEquals(11, first.length, lines.get(1));
      assertEquals("", first[3], "error rates are empty");
      assertTrue(
          first[10].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z"), first[10]);
      assertTrue(
          lines.stream().skip(1).anyMatch(l -> !l.split(",", -1)[7].isEmpty()),
          "full validation at the epoch ends");

      Path reports = tmp.resolve("reports");
      CliRun r =
          CliRun.withEnv(
              Map.of(
                  "AZURE_OPENAI_ENDPOINT",
                  sandbox.baseUrl().toString(),
                  "AZURE_OPENAI_API_KEY",
                  KEY,
                  "OPENAI_API_VERSION",
                  "2024-10-21"),
              "report",
              id,
              "--reports-dir",
              reports.toString());
      assertEquals(0, r.code(), r.toString());
      assertFalse(r.err().contains("warning"), r.err());
      JsonNode s =
          new ObjectMapper().readTree(reports.resolve(id).resolve("summary.json").toFile());
      assertEquals("current", s.path("format").asText());
      assertEquals("[]", s.path("warnings").toString());
      assertEquals(
          "valid_mean_token_accuracy", s.path("source_columns").path("valid_accuracy").asText());
      assertTrue(s.path("metrics").has("full_valid_loss"), s.path("metrics").toString());
      JsonNode timing = s.path("step_timing");
      long steps = lines.size() - 1;
      assertEquals(1, timing.path("first_step").asLong());
      assertEquals(steps, timing.path("last_step").asLong());
      assertEquals(7.0, timing.path("seconds_per_step").asDouble(), 1e-9, timing.toString());
      assertEquals(7.0 * (steps - 1), timing.path("seconds").asDouble(), 1e-9);
    }
  }
}
