package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListParams;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same clock, same requests: the same answers, byte for byte; and job listing. */
class SandboxDeterminismTest {
  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  private String scenario(long seed) {
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withStepDelayMs(5)
            .withSeed(seed)
            .withClock(Clock.fixed(T0, ZoneOffset.UTC));
    try (SandboxFixture f = new SandboxFixture(cfg, dir)) {
      String file = f.upload("t.jsonl", SandboxFixture.examples(12)).id();
      String id =
          f.client
              .fineTuning()
              .jobs()
              .create(
                  JobCreateParams.builder()
                      .model("gpt-4o-mini")
                      .trainingFile(file)
                      .validationFile(file)
                      .method(SandboxFixture.supervised(2))
                      .build())
              .id();
      FineTuningJob done = f.await(id, SandboxFixture::terminal).validate();
      assertEquals(T0.getEpochSecond(), done.createdAt());
      // 1 validation tick + 1 start tick + 24 steps + 1 finishing tick of 5 ms each: same second
      assertEquals(T0.getEpochSecond(), done.finishedAt().orElseThrow());
      StringBuilder sb = new StringBuilder();
      sb.append(f.raw("GET", "/fine_tuning/jobs/" + id, f.sandbox.apiKey(), null).body());
      sb.append(
          f.raw("GET", "/fine_tuning/jobs/" + id + "/events?limit=100", f.sandbox.apiKey(), null)
              .body());
      sb.append(
          f.raw("GET", "/fine_tuning/jobs/" + id + "/checkpoints", f.sandbox.apiKey(), null)
              .body());
      sb.append(
          f.raw("GET", "/files/" + done.resultFiles().get(0) + "/content", f.sandbox.apiKey(), null)
              .body());
      return sb.toString();
    }
  }

  @Test
  void sameSeedAndClockGiveIdenticalAnswers() {
    String a = scenario(21);
    String b = scenario(21);
    assertEquals(a, b);
    assertNotEquals(a, scenario(22));
  }

  @Test
  void jobsAreListedNewestFirstWithPagingAndMetadataFilter() throws Exception {
    try (SandboxFixture f = new SandboxFixture(SandboxConfig.defaults().withStepDelayMs(5), dir)) {
      String file = f.upload("t.jsonl", SandboxFixture.examples(10)).id();
      List<String> created = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        created.add(
            f.client
                .fineTuning()
                .jobs()
                .create(
                    JobCreateParams.builder()
                        .model("gpt-4o-mini")
                        .trainingFile(file)
                        .method(SandboxFixture.supervised(1))
                        .metadata(
                            JobCreateParams.Metadata.builder()
                                .putAdditionalProperty(
                                    "parity", JsonValue.from(i % 2 == 0 ? "even" : "odd"))
                                .build())
                        .build())
                .validate()
                .id());
      }
      List<String> walked = new ArrayList<>();
      f.client
          .fineTuning()
          .jobs()
          .list(JobListParams.builder().limit(2).build())
          .autoPager()
          .forEach(j -> walked.add(j.validate().id()));
      List<String> newestFirst = new ArrayList<>(created);
      java.util.Collections.reverse(newestFirst);
      assertEquals(newestFirst, walked);

      JsonNode odd =
          Wire.MAPPER.readTree(
              f.raw("GET", "/fine_tuning/jobs?metadata%5Bparity%5D=odd", f.sandbox.apiKey(), null)
                  .body());
      List<String> oddIds = new ArrayList<>();
      odd.get("data").forEach(j -> oddIds.add(j.get("id").asText()));
      assertEquals(List.of(created.get(3), created.get(1)), oddIds);
      assertTrue(!odd.get("has_more").asBoolean());
      for (String id : created) {
        f.await(id, SandboxFixture::terminal);
      }
    }
  }
}
