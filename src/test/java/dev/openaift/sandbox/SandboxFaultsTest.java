package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import dev.openaift.Await;
import dev.openaift.TestClocks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: rate and mix as configured, nothing lost on the server, and the SDK's retries
 * cope.
 */
class SandboxFaultsTest {
  @TempDir Path dir;

  @Test
  void faultsFollowTheRateAndNeverDisturbAJob() throws Exception {
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withStepDelayMs(5)
            .withSeed(11)
            .withFaultRate(0.3)
            .withSlowFaultMs(20)
            .withClock(TestClocks.today()); // gpt-4o-mini answers until its shutdown date
    try (Sandbox sb = Sandbox.start(cfg)) {
      OpenAIClient sdk = SandboxFixture.client(sb, 20);
      try {
        String text = SandboxFixture.examples(12);
        String file =
            sdk.files()
                .create(
                    FileCreateParams.builder()
                        .file(text.getBytes(StandardCharsets.UTF_8))
                        .purpose(FilePurpose.FINE_TUNE)
                        .build())
                .validate()
                .id();
        String job =
            sdk.fineTuning()
                .jobs()
                .create(
                    JobCreateParams.builder()
                        .model("gpt-4o-mini")
                        .trainingFile(file)
                        .seed(5L)
                        .method(SandboxFixture.supervised(4L))
                        .build())
                .validate()
                .id();

        Map<FaultKind, Integer> seen = hammer(sb, 300);
        FaultStats stats = sb.faultStats();
        double fraction = (double) stats.totalFaults() / stats.requests();
        assertTrue(fraction > 0.22 && fraction < 0.38, "fault fraction " + fraction + " " + stats);
        for (FaultKind k : FaultKind.values()) {
          assertTrue(stats.count(k) > 0, "no " + k + " in " + stats);
        }
        // what the raw client saw matches what the server decided (the raw requests were the last
        // ones)
        assertEquals(
            seen.get(FaultKind.RATE_LIMIT),
            (int) stats.count(FaultKind.RATE_LIMIT) - before(FaultKind.RATE_LIMIT));
        assertEquals(
            seen.get(FaultKind.SERVER_ERROR),
            (int) stats.count(FaultKind.SERVER_ERROR) - before(FaultKind.SERVER_ERROR));
        assertEquals(
            seen.get(FaultKind.UNAVAILABLE),
            (int) stats.count(FaultKind.UNAVAILABLE) - before(FaultKind.UNAVAILABLE));
        assertEquals(
            seen.get(FaultKind.CONNECTION_CLOSED),
            (int) stats.count(FaultKind.CONNECTION_CLOSED) - before(FaultKind.CONNECTION_CLOSED));

        FineTuningJob done = awaitDone(sdk, job);
        assertEquals(FineTuningJob.Status.SUCCEEDED, done.status());
        List<Integer> steps = new ArrayList<>();
        List<FineTuningJobEvent> events = new ArrayList<>();
        sdk.fineTuning()
            .jobs()
            .listEvents(JobListEventsParams.builder().fineTuningJobId(job).limit(50).build())
            .autoPager()
            .forEach(e -> events.add(e.validate()));
        for (int i = events.size() - 1; i >= 0; i--) {
          String m = events.get(i).message();
          if (m.startsWith("Step ")) {
            steps.add(Integer.parseInt(m.substring(5, m.indexOf('/'))));
          }
        }
        assertEquals(48, steps.size());
        for (int s = 0; s < steps.size(); s++) {
          assertEquals(s + 1, steps.get(s));
        }
        String csv;
        try (InputStream in = sdk.files().content(done.resultFiles().get(0)).body()) {
          csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // identical to the same job's result in a sandbox without faults
        assertEquals(
            new String(
                ResultCsv.render(
                    5,
                    TrainingPlan.resolve(12, 4, null, null, null, false, 0, false),
                    false,
                    false),
                StandardCharsets.UTF_8),
            csv);
      } finally {
        sdk.close();
      }
    }
  }

  private final Map<FaultKind, Integer> beforeHammer = new EnumMap<>(FaultKind.class);

  private int before(FaultKind k) {
    return beforeHammer.getOrDefault(k, 0);
  }

  /** {@code n} raw POSTs (never retried by the JDK client); returns what was observed per kind. */
  private Map<FaultKind, Integer> hammer(Sandbox sb, int n) throws InterruptedException {
    sb.faultStats().faults().forEach((k, v) -> beforeHammer.put(k, v.intValue()));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<FaultKind, Integer> seen = new EnumMap<>(FaultKind.class);
    for (FaultKind k : FaultKind.values()) {
      seen.put(k, 0);
    }
    String body =
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}";
    for (int i = 0; i < n; i++) {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/chat/completions"))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + sb.apiKey())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        switch (r.statusCode()) {
          case 200 -> {}
          case 429 -> {
            assertEquals("1", r.headers().firstValue("retry-after").orElseThrow());
            JsonNode err = Wire.MAPPER.readTree(r.body()).get("error");
            assertEquals("rate_limit_exceeded", err.get("code").asText());
            seen.merge(FaultKind.RATE_LIMIT, 1, Integer::sum);
          }
          case 500 -> seen.merge(FaultKind.SERVER_ERROR, 1, Integer::sum);
          case 503 -> seen.merge(FaultKind.UNAVAILABLE, 1, Integer::sum);
          default ->
              throw new AssertionError("unexpected status " + r.statusCode() + ": " + r.body());
        }
      } catch (IOException e) {
        seen.merge(FaultKind.CONNECTION_CLOSED, 1, Integer::sum);
      }
    }
    return seen;
  }

  private static FineTuningJob awaitDone(OpenAIClient sdk, String job) {
    return Await.until(
        "job " + job + " to finish",
        Duration.ofSeconds(20),
        () -> sdk.fineTuning().jobs().retrieve(job).validate(),
        SandboxFixture::terminal);
  }
}
